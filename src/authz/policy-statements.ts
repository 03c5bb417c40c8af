/** Where one Cedar statement (annotations, policy, its `;`) lies in a file: UTF-16 indexes, end exclusive. */
export interface StatementRange {
  start: number;
  end: number;
}

/**
 * Cuts Cedar policy text into statements at each `;` outside string literals and `//` comments (Cedar has
 * no other comment form, and no `;` inside an expression). A policy missing its `;` joins the next one,
 * which is then where its error shows. Text after the last `;` is a statement of its own when it holds
 * anything but blanks; Cedar reports it (an unfinished policy) or accepts it (comments only).
 */
export function policyStatements(text: string): StatementRange[] {
  const statements: StatementRange[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') i = afterString(text, i);
    else if (ch === '/' && text[i + 1] === '/') i = afterLine(text, i);
    else {
      if (ch === ';') {
        statements.push({ start, end: i + 1 });
        start = i + 1;
      }
      i++;
    }
  }
  if (text.slice(start).trim() !== '') statements.push({ start, end: text.length });
  return statements;
}

/** Index after the string literal opening at `open` (backslash escapes skipped); the end of text if unclosed. */
function afterString(text: string, open: number): number {
  let i = open + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, text.length);
}

function afterLine(text: string, at: number): number {
  const newline = text.indexOf('\n', at);
  return newline < 0 ? text.length : newline + 1;
}

/**
 * The text with the given statements blanked out: every character but newlines becomes as many spaces as
 * its UTF-8 bytes, so Cedar's byte offsets into the result are byte offsets into the original, and lines
 * keep their numbers.
 */
export function withoutStatements(text: string, ranges: readonly StatementRange[]): string {
  const pieces: string[] = [];
  let at = 0;
  for (const { start, end } of [...ranges].sort((a, b) => a.start - b.start)) {
    pieces.push(text.slice(at, start));
    for (const ch of text.slice(start, end)) pieces.push(ch === '\n' ? '\n' : ' '.repeat(Buffer.byteLength(ch, 'utf8')));
    at = end;
  }
  pieces.push(text.slice(at));
  return pieces.join('');
}
