import type { Edit } from './edits.js';

/**
 * CSV and formula injection (OWASP): a spreadsheet evaluates a cell that starts with `=`, `+`, `-` or `@`
 * (and one starting with a tab or carriage return inside quotes, which some import paths trim first). Each
 * such cell gets a leading `'`, which spreadsheets read as "text". A plain number (`-12.5`, `+44`) is left
 * alone: it cannot call anything.
 */
const CELL_START = /(^|[,;\t|])([ ]*)("?)([=+\-@\t\r])/gm;
const NUMBER = /^[+-]?\d[\d.,]*(?:e[+-]?\d+)?%?(?=$|[,;\t|"\r\n])/i;

export function hasFormulaStart(text: string): boolean {
  return /[=+\-@]/.test(text);
}

export function spreadsheetEdits(text: string): Edit[] {
  const edits: Edit[] = [];
  for (const m of text.matchAll(CELL_START)) {
    const quoted = m[3] === '"';
    const first = m[4] as string;
    // An unquoted tab or CR is a delimiter or a line end, not the start of a cell's content.
    if ((first === '\t' || first === '\r') && !quoted) continue;
    const at = m.index + (m[1] as string).length + (m[2] as string).length + (m[3] as string).length;
    if ((first === '-' || first === '+') && NUMBER.test(text.slice(at, at + 64))) continue;
    edits.push({ start: at, end: at + 1, replacement: `'${first}`, type: 'spreadsheet_formula', action: 'neutralized' });
  }
  return edits;
}
