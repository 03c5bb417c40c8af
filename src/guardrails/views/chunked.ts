import { ViewBuilder, type TextView } from './view.js';

/**
 * A token written in equal groups with one separator between them: `ghp_-R7x2-Kq9L-mZ4v-T8wY`, `sk-pr.oj-X.a9Lm`
 * cut every four, `AKIA|Q3EX|AMPL|E7RT`. Four or more groups of the same length (3 to 8 letters, digits or `_`; the
 * first may be shorter or longer, a prefix such as `ghp_`, the last shorter), joined by one of `-` `.` `|` `/` (with
 * `.` `|` `/` a group may hold a `-`: `sk-p|roj-|Xa9L`), and holding letters and digits both, are joined; the rest of
 * the text is copied. UUIDs, dates, phone numbers, IP addresses and version strings have unequal groups; words in
 * prose have no digits.
 */

const MIN_GROUPS = 4;
// A superset of any run the scan accepts: three separators with a group of 3-8 characters between each two. Led by
// the separator class, which the regex engine skips through quickly (prose has few), not by a word tried everywhere.
const PREFILTER = /[-.|/][\w-]{3,8}[-.|/][\w-]{3,8}[-.|/]/;
// Groups of word characters cut by `-`; groups that may hold a `-` themselves (`sk-p|roj-|...`) cut by `.`, `|` or `/`.
const RUNS = [
  /(?<![\w.|/-])(\w{2,12})(-)(\w{3,8})((?:-\w{3,8})*-\w{1,8})(?![\w|/-]|\.\w)/g,
  /(?<![\w.|/-])([\w-]{2,12})([.|/])([\w-]{3,8})((?:\2[\w-]{3,8})*\2[\w-]{1,8})(?![\w|/-]|\.\w)/g,
];

/** The text with grouped tokens joined, or null when there is none. */
export function chunkedView(text: string): TextView | null {
  if (!PREFILTER.test(text)) return null;
  const runs: Array<{ index: number; length: number; sep: string; groups: string[] }> = [];
  for (const re of RUNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const sep = m[2] as string;
      const groups = [m[1] as string, m[3] as string, ...(m[4] as string).split(sep).slice(1)];
      if (equalGroups(groups) && /\d/.test(m[0]) && /[A-Za-z]/.test(m[0])) runs.push({ index: m.index, length: m[0].length, sep, groups });
    }
  }
  if (runs.length === 0) return null;
  runs.sort((a, b) => a.index - b.index);
  const b = new ViewBuilder('chunked');
  let last = 0;
  for (const run of runs) {
    if (run.index < last) continue;
    b.copy(text, last, run.index);
    let at = run.index;
    for (const g of run.groups) {
      b.copy(text, at, at + g.length);
      at += g.length + run.sep.length;
    }
    last = run.index + run.length;
  }
  b.copy(text, last, text.length);
  return b.build();
}

/** MIN_GROUPS or more groups: all of one length but the first (any) and the last (up to that length). */
function equalGroups(groups: readonly string[]): boolean {
  if (groups.length < MIN_GROUPS) return false;
  const size = (groups[1] as string).length;
  for (let k = 2; k < groups.length - 1; k++) if ((groups[k] as string).length !== size) return false;
  return (groups[groups.length - 1] as string).length <= size;
}
