import { valueScore } from './assignment-value.js';

/**
 * Credentials in a CSV or TSV table whose header names the column (`service,username,password`): the
 * header is the key, each row's cell in that column the value, judged like an assignment's value. Password
 * managers' exports and credential dumps look like this, and no cell names its own secret.
 */

export interface CsvHit {
  start: number;
  end: number;
  score: number;
}

const HEADER_CELL =
  /^["']?(?:passwords?|passwd|pwd|pass|secret|secrets|token|api[ _-]?key|api[ _-]?token|access[ _-]?key|secret[ _-]?key|client[ _-]?secret|access[ _-]?token|auth[ _-]?token|private[ _-]?key)["']?$/i;
const PASSWORDISH = /^["']?(?:passwords?|passwd|pwd|pass|secret|secrets)["']?$/i;
const MAX_ROWS = 1000;
/** A cheap gate: some line holds a whole cell that names a secret, next to a `,` or a tab. */
const HEADER_IN_TEXT =
  /(?:^|[,\t])[ \t]*["']?(?:passwords?|passwd|pwd|pass|secrets?|(?:api|access|auth)[ _-]?(?:key|token)|token|secret[ _-]?key|client[ _-]?secret|private[ _-]?key)["']?[ \t]*(?:[,\t]|\r?$)/im;

/** The header cell indexes that name a secret, or undefined when the line is not such a header. */
function secretColumns(line: string, sep: string): number[] | undefined {
  const cells = line.split(sep).map((c) => c.trim());
  // Column names, all of them: not a list of strings one per line (`'secrets',`) or a sentence with commas.
  if (cells.length < 2 || cells.length > 64 || !cells.every((c) => /^["']?[A-Za-z][\w .-]{0,39}["']?$/.test(c))) return undefined;
  const columns = cells.flatMap((c, i) => (HEADER_CELL.test(c) ? [i] : []));
  return columns.length > 0 ? columns : undefined;
}

const HEADER_WORDS = [
  'password',
  'passwords',
  'passwd',
  'pwd',
  'pass',
  'secret',
  'secrets',
  'token',
  'api_key',
  'api key',
  'apikey',
  'api-key',
  'api_token',
  'access_key',
  'access_token',
  'auth_token',
  'secret_key',
  'client_secret',
  'private_key',
];
/**
 * Literals of which one occurs in any text holding such a header (a header word beside a separator or in
 * quotes), for the detector's one-pass prefilter: without one the scan is skipped.
 */
export const CSV_HINTS: readonly string[] = HEADER_WORDS.flatMap((w) =>
  [w, w[0]?.toUpperCase() + w.slice(1), w.toUpperCase()].flatMap((v) => [`,${v}`, `${v},`, `\t${v}`, `${v}\t`, `"${v}"`, `'${v}'`]),
);

/** Finds secret cells under a header that names them; cheap when no line holds such a header. */
export function findCsvSecrets(text: string): CsvHit[] {
  const hits: CsvHit[] = [];
  if (!HEADER_IN_TEXT.test(text)) return hits;
  let columns: number[] | undefined;
  let names: string[] = [];
  let sep = ',';
  let width = 0;
  let rows = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl === -1 ? text.length : nl;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const header = line.includes('\t') ? secretColumns(line, '\t') : line.includes(',') ? secretColumns(line, ',') : undefined;
    if (header) {
      columns = header;
      sep = line.includes('\t') ? '\t' : ',';
      names = line.split(sep).map((c) => c.trim());
      width = names.length;
      rows = 0;
    } else if (columns && line.split(sep).length === width && rows++ < MAX_ROWS) {
      readRow(line, lineStart, sep, columns, names, hits);
    } else columns = undefined;
    if (nl === -1) break;
    lineStart = nl + 1;
  }
  return hits;
}

function readRow(line: string, lineStart: number, sep: string, columns: number[], header: string[], hits: CsvHit[]): void {
  let offset = 0;
  const cells = line.split(sep);
  cells.forEach((cell, i) => {
    const at = offset;
    offset += cell.length + 1;
    if (!columns.includes(i)) return;
    const lead = cell.length - cell.trimStart().length;
    const value = cell.trim().replace(/^(["'])(.*)\1$/, '$2');
    if (value === '') return;
    const score = valueScore(value, {
      strong: true,
      quoted: cell.trim() !== value,
      keywordUpper: false,
      passwordish: PASSWORDISH.test(header[i] ?? ''),
      weak: false,
      lineStart: true,
      comma: false,
    });
    if (score <= 0) return;
    const start = lineStart + at + lead + (cell.trim() !== value ? 1 : 0);
    hits.push({ start, end: start + value.length, score });
  });
}
