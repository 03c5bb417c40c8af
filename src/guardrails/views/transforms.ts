import type { TextView } from './view.js';

/** The whole text reversed, character i of the view coming from character n-1-i. Surrogate pairs stay in order. */
export function reversedView(text: string): TextView {
  const n = text.length;
  const from = new Int32Array(n);
  const to = new Int32Array(n);
  let out = '';
  for (let i = n - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const hi = text.charCodeAt(i - 1);
      if (hi >= 0xd800 && hi <= 0xdbff) {
        from[out.length] = from[out.length + 1] = i - 1;
        to[out.length] = to[out.length + 1] = i + 1;
        out += text.slice(i - 1, i + 1);
        i--;
        continue;
      }
    }
    from[out.length] = i;
    to[out.length] = i + 1;
    out += text[i];
  }
  return { kind: 'reversed', text: out, from, to };
}

/** rot13 of the ASCII letters; same length, so offsets are unchanged. */
export function rot13View(text: string): TextView {
  const out = rot13(text);
  const from = new Int32Array(text.length);
  const to = new Int32Array(text.length);
  for (let i = 0; i < text.length; i++) {
    from[i] = i;
    to[i] = i + 1;
  }
  return { kind: 'rot13', text: out, from, to };
}

/** rot13 of the ASCII letters, everything else kept: the one implementation the detectors share. */
export function rot13(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) out += String.fromCharCode(((c - 52) % 26) + 65);
    else if (c >= 97 && c <= 122) out += String.fromCharCode(((c - 84) % 26) + 97);
    else out += text[i];
  }
  return out;
}
