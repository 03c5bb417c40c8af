import { decodeSegments } from './detectors/encoding/index.js';
import { revealHidden } from './detectors/unicode/index.js';
import type { TextRevealer } from './profile.js';

/** What tag characters hide (ASCII smuggled in U+E0020..U+E007E), for the other detectors to read. */
export const revealTagText: TextRevealer = (text) => {
  const hidden = revealHidden(text);
  return hidden === null ? [] : [hidden];
};

/** The decoded text of base64, hex, URL-encoded and rot13 segments. */
export const decodeEncodedText: TextRevealer = (text) => decodeSegments(text).map((s) => s.decoded);

/** The revealers the input stage uses unless told otherwise. */
export const DEFAULT_REVEALERS: readonly TextRevealer[] = [revealTagText, decodeEncodedText];
