/**
 * Windows over a long text: pure functions the worker runs between the tokenizer and onnxruntime. A model
 * sees at most `maxLength` tokens, and a whole-text average would let padding dilute an injection, so a
 * long text is cut into overlapping windows, each framed with the model's special tokens, and its score is
 * the maximum over windows.
 */

/**
 * Cuts a long text into pieces of about `size` characters, each cut just before a whitespace character,
 * for the tokenizer: its cost grows faster than the text's length, and splitting at whitespace changes no
 * token of a BERT, SentencePiece (Metaspace) or byte-level BPE pre-tokeniser, which all split there
 * anyway (the space stays at the start of the next piece, where those tokenisers expect it). A piece with
 * no whitespace at all is cut at `size`, never inside a surrogate pair.
 */
export function textChunks(text: string, size: number): string[] {
  const chunks: string[] = [];
  let from = 0;
  while (text.length - from > size) {
    let cut = from + size;
    while (cut > from + size / 2 && !/\s/.test(text[cut] as string)) cut--;
    if (cut <= from + size / 2) {
      cut = from + size;
      const code = text.charCodeAt(cut);
      if (code >= 0xdc00 && code <= 0xdfff) cut--;
    }
    chunks.push(text.slice(from, cut));
    from = cut;
  }
  chunks.push(text.slice(from));
  return chunks;
}

/** The special tokens the tokenizer's post-processor puts around one sequence ([CLS] ... [SEP], <s> ... </s>). */
export interface Frame {
  prefix: readonly number[];
  suffix: readonly number[];
}

/**
 * Works out the frame from two encodings of the same probe text, with and without special tokens: the
 * plain ids sit inside the framed ones, and what is around them is the frame. Undefined when the plain ids
 * are not found inside (a post-processor that rewrites the sequence), so the caller can refuse the model.
 */
export function frameOf(framed: readonly number[], plain: readonly number[]): Frame | undefined {
  if (plain.length === 0) return undefined;
  for (let at = 0; at + plain.length <= framed.length; at++) {
    let same = true;
    for (let i = 0; i < plain.length && same; i++) same = framed[at + i] === plain[i];
    if (same) return { prefix: framed.slice(0, at), suffix: framed.slice(at + plain.length) };
  }
  return undefined;
}

/**
 * Cuts `ids` (a text's tokens without special tokens) into windows of at most `maxLength` tokens once
 * framed, starting every `stride` tokens; the last window ends at the text's end, so no token is left
 * unseen. A text that fits is one window; an empty text is one window of the frame alone.
 */
export function windowsOf(ids: readonly number[], frame: Frame, maxLength: number, stride: number): number[][] {
  const room = maxLength - frame.prefix.length - frame.suffix.length;
  if (room < 1) throw new RangeError(`maxLength ${maxLength} leaves no room inside the special tokens`);
  const step = Math.max(1, Math.min(stride, room));
  const framed = (from: number) => [...frame.prefix, ...ids.slice(from, from + room), ...frame.suffix];
  if (ids.length <= room) return [framed(0)];
  const windows: number[][] = [];
  let start = 0;
  for (; start + room < ids.length; start += step) windows.push(framed(start));
  windows.push(framed(ids.length - room));
  return windows;
}

/** The default stride: three quarters of a window's room, so a phrase cut at one window's end is whole in the next. */
export function defaultStride(maxLength: number, frame: Frame): number {
  return Math.max(1, Math.floor(((maxLength - frame.prefix.length - frame.suffix.length) * 3) / 4));
}

/** Row-major [batch, longest] tensors: ids padded with `padId`, attention mask 1 on tokens and 0 on padding. */
export interface PaddedBatch {
  ids: BigInt64Array;
  mask: BigInt64Array;
  batch: number;
  length: number;
}

/** Pads windows to the longest of them. */
export function padBatch(windows: readonly (readonly number[])[], padId: number): PaddedBatch {
  const length = windows.reduce((max, w) => Math.max(max, w.length), 0);
  const ids = new BigInt64Array(windows.length * length).fill(BigInt(padId));
  const mask = new BigInt64Array(windows.length * length);
  windows.forEach((window, row) => {
    for (let i = 0; i < window.length; i++) {
      ids[row * length + i] = BigInt(window[i] as number);
      mask[row * length + i] = 1n;
    }
  });
  return { ids, mask, batch: windows.length, length };
}

/** Softmax of each row of a [rows, width] logits array, computed stably (max subtracted). */
export function softmaxRows(logits: ArrayLike<number>, rows: number, width: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let c = 0; c < width; c++) max = Math.max(max, logits[r * width + c] as number);
    const exps: number[] = [];
    let sum = 0;
    for (let c = 0; c < width; c++) {
      const e = Math.exp((logits[r * width + c] as number) - max);
      exps.push(e);
      sum += e;
    }
    out.push(exps.map((e) => e / sum));
  }
  return out;
}
