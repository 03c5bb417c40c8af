/**
 * Where a construct still arriving on a stream begins: an unclosed `[`/`![` label, a link destination whose
 * `)` has not come, a reference definition whose line has not ended, a `<` whose tag has not closed, an
 * escape sequence cut short. The hold-back window releases nothing from there on until it completes (or
 * the stream ends, when it is transformed whole), so its head can never leave before its tail shows what
 * it is. Only the last MAX_OPEN characters are looked at: a construct longer than that is released, which
 * bounds what a stray `[` in prose can hold back.
 */
export const MAX_OPEN = 2048;

/** Index in `text` where an unfinished construct starts, or -1. */
export function openConstructStart(text: string): number {
  const from = Math.max(0, text.length - MAX_OPEN);
  const label = openLabel(text, from);
  const tag = openTag(text, from);
  const lastEsc = text.lastIndexOf('\u001b');
  const esc = lastEsc >= Math.max(from, text.length - 64) ? lastEsc : -1;
  let start = -1;
  for (const s of [label, tag, esc]) if (s !== -1 && (start === -1 || s < start)) start = s;
  return start;
}

/** The outermost `[` whose link, image or definition is not complete yet. */
function openLabel(text: string, from: number): number {
  const open: number[] = [];
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '[') open.push(i > 0 && text[i - 1] === '!' ? i - 1 : i);
    else if (c === ']' && open.length > 0) {
      const start = open.pop() as number;
      const next = text[i + 1];
      const outer = open.length > 0 ? (open[0] as number) : start;
      if (next === undefined) return outer;
      if (next === '(') {
        const close = closingParen(text, i + 1);
        if (close === -1) return outer;
        i = close;
      } else if (next === ':' && text.indexOf('\n', i) === -1) return outer;
    }
    i++;
  }
  return open.length > 0 ? (open[0] as number) : -1;
}

function closingParen(text: string, at: number): number {
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** The last `<` with no `>` after it: a tag or autolink still arriving. */
function openTag(text: string, from: number): number {
  const lt = text.lastIndexOf('<');
  if (lt < from) return -1;
  return text.indexOf('>', lt) === -1 ? lt : -1;
}
