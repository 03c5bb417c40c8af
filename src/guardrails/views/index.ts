import { decodeSegments } from '../detectors/encoding/index.js';
import { charCodeViews } from './char-codes.js';
import { chunkedView } from './chunked.js';
import { compatView } from './compat.js';
import { escapesView } from './escapes.js';
import { spacedView } from './spaced.js';
import { segmentView, type TextView } from './view.js';

export { originalSpan, type TextView } from './view.js';
export { reversedView, rot13View, rot13 } from './transforms.js';

/**
 * The decoded and normalised views of a text that the secrets and canary detectors read, on input and on
 * output alike: base64, hex and URL-encoded segments (one and two layers), escapes, character-code lists,
 * compatibility forms and invisibles, spelled-out characters, tokens cut into equal groups. Reversed and rot13 views are built by the
 * caller only when its own literals appear transformed (see `reversedView`, `rot13View`). Each builder is
 * gated on a cheap test, so ordinary text gets no view and pays one pass per builder at most.
 */

/** Texts shorter than this have no view: nothing worth hiding fits. */
const MIN_TEXT = 8;
/** Views are built from at most this much of a text, so a huge text cannot make decoding expensive. */
const MAX_TEXT = 65536;

// The secrets and canary detectors both ask for the views of the same text in a row: one entry suffices.
let lastText: string | undefined;
let lastViews: readonly TextView[] = [];

/** Every decoded or normalised view of `text` (usually none). */
export function textViews(text: string): readonly TextView[] {
  if (text === lastText) return lastViews;
  const views = buildViews(text);
  lastText = text;
  lastViews = views;
  return views;
}

function buildViews(input: string): TextView[] {
  if (input.length < MIN_TEXT) return [];
  const text = input.length > MAX_TEXT ? input.slice(0, MAX_TEXT) : input;
  const views: TextView[] = [];
  for (const seg of decodeSegments(text)) {
    if (seg.encoding === 'rot13') continue; // word-level rot13 is for prose; callers gate their own rot13 view
    views.push(segmentView(seg.encoding, seg.decoded, seg.start, seg.end));
  }
  const escapes = escapesView(text);
  if (escapes) views.push(escapes);
  views.push(...charCodeViews(text));
  const compat = compatView(text);
  if (compat) {
    views.push(compat);
    // Invisible characters between every letter: once dropped, the text may also be spelled out.
    const spacedCompat = spacedView(compat.text);
    if (spacedCompat) views.push(compose(compat, spacedCompat));
  }
  const spaced = spacedView(text);
  if (spaced) views.push(spaced);
  const chunked = chunkedView(text);
  if (chunked) views.push(chunked);
  return views;
}

/** `outer` read on `inner.text`, mapped back to the original through `inner`. */
export function compose(inner: TextView, outer: TextView): TextView {
  const from = new Int32Array(outer.text.length);
  const to = new Int32Array(outer.text.length);
  for (let i = 0; i < outer.text.length; i++) {
    from[i] = inner.from[outer.from[i] as number] as number;
    to[i] = inner.to[(outer.to[i] as number) - 1] as number;
  }
  return { kind: `${inner.kind}+${outer.kind}`, text: outer.text, from, to };
}
