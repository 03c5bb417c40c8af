/**
 * What a text detector can read in a base64 payload (a file's `file_data`, an image or audio `data:` URL,
 * `input_audio.data`): the decoded text when the bytes are text (UTF-8, or UTF-16 with a byte-order mark,
 * without binary control bytes), else the printable ASCII runs of the bytes, as `strings(1)` shows them.
 * The runs catch a secret or an instruction put into an otherwise binary file (or text with one NUL byte
 * to look binary); compressed content (PDF streams, PNG/JPEG data, zip) is not decompressed and not read.
 */

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf16 = new TextDecoder('utf-16le', { fatal: true });

/** Printable runs shorter than this are noise in binary data. */
const MIN_RUN = 6;

/** The payload of a `data:` URL when it is base64, else undefined (a plain `data:` URL is read as text). */
export function dataUrlBase64(url: string): string | undefined {
  if (!url.startsWith('data:')) return undefined;
  const comma = url.indexOf(',');
  if (comma < 0 || !/;base64$/i.test(url.slice(0, comma))) return undefined;
  return url.slice(comma + 1);
}

/** The readable text of a base64 payload, or '' when there is none. */
export function payloadText(base64: string): string {
  return readPayload(base64).text;
}

/**
 * The readable text of a base64 payload, and whether it is only the printable runs of binary bytes (an
 * image, an archive): such text is strings a program extracted, not anything a person wrote.
 */
export function readPayload(base64: string): { text: string; binary: boolean } {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length === 0) return { text: '', binary: false };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    const text = decodeOrNull(utf16, bytes.subarray(2));
    if (text !== null && !hasControl(text)) return { text, binary: false };
  }
  if (!hasControlBytes(bytes)) {
    const text = decodeOrNull(utf8, bytes);
    if (text !== null) return { text, binary: false };
  }
  return { text: printableRuns(bytes), binary: true };
}

function decodeOrNull(decoder: { decode(bytes: Uint8Array): string }, bytes: Uint8Array): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

/** C0 controls other than tab, line feed, form feed and carriage return, and DEL, mark binary data. */
function isControl(c: number): boolean {
  return (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0x7f;
}

function hasControlBytes(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (isControl(bytes[i] as number)) return true;
  return false;
}

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i))) return true;
  return false;
}

function printableRuns(bytes: Uint8Array): string {
  const runs: string[] = [];
  let start = -1;
  for (let i = 0; i <= bytes.length; i++) {
    const c = i < bytes.length ? (bytes[i] as number) : 0;
    const printable = (c >= 0x20 && c < 0x7f) || c === 0x09;
    if (printable && start < 0) start = i;
    else if (!printable && start >= 0) {
      if (i - start >= MIN_RUN) runs.push(Buffer.from(bytes.buffer, bytes.byteOffset + start, i - start).toString('latin1'));
      start = -1;
    }
  }
  return runs.join('\n');
}
