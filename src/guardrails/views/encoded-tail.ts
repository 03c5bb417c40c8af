/**
 * Where a trailing run of long-form encoding (escapes, percent-encoding, character-code lists, `chr(..)`
 * calls) starts in streamed text. Such forms spend 4 to 8 characters per character of a secret, so the
 * stream window holds the run until it ends (up to a cap) instead of releasing its head undecoded.
 */

const RUN_CHAR = new Uint8Array(128);
for (const c of '\\uUxX0123456789abcdefABCDEF%&#;,() +[]{}chrCHRwW.') RUN_CHAR[c.charCodeAt(0)] = 1;
/** A run shorter than this cannot spell a secret; ordinary text ends in short runs of hex letters all the time. */
const MIN_RUN = 24;
const MIN_MARKERS = 4;

/**
 * Start of the encoded run that `text` ends with, looking back at most `limit` characters, or -1 when the
 * text does not end in one (fewer than four escape markers `\`, `%`, `&#`, `,`, `(`, or a space after a
 * standalone hex pair as in `67 68 70`).
 */
export function encodedTailStart(text: string, limit: number): number {
  const floor = Math.max(0, text.length - limit);
  let i = text.length;
  let markers = 0;
  while (i > floor) {
    const c = text.charCodeAt(i - 1);
    if (c >= 128 || RUN_CHAR[c] !== 1) break;
    if (c === 0x5c || c === 0x25 || c === 0x23 || c === 0x2c || c === 0x28 || (c === 0x20 && isHexPairBefore(text, i - 1))) markers++;
    i--;
  }
  return text.length - i >= MIN_RUN && markers >= MIN_MARKERS ? i : -1;
}

/** The two characters before position `at` are hex digits standing alone (a space or the start before them). */
function isHexPairBefore(text: string, at: number): boolean {
  if (at < 2 || !isHex(text.charCodeAt(at - 1)) || !isHex(text.charCodeAt(at - 2))) return false;
  return at === 2 || text.charCodeAt(at - 3) === 0x20;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}
