/**
 * What the suffix model must not score, by design: text that is plainly code, data or an encoding is
 * other detectors' business (encoding, secrets, code), and scoring it as prose would make every table
 * and stack trace "gibberish". Marks chars of:
 * - code: fenced blocks, inline `code`, indented lines, lines ending in `;`, `{` or `}` (unless four plain
 *   words open them), lines that open
 *   with a programming keyword, JSON key lines;
 * - data: table rows (two or more `|` or tabs), lines that are mostly not letters (numbers, math);
 * - encodings and identifiers: URLs, domains, e-mail addresses, file paths, base64 / hex / UUID / key-like
 *   runs, template placeholders (`${x}`, `{{x}}`) and HTML comments;
 * - Markdown line markers (headings, bullets, quotes), which carry no language.
 * Non-Latin scripts need no mask: the alphabet maps them to BOUNDARY.
 */

/**
 * Lists of names (`Kolkata, Chennai, Bangalore and Pune`, `(iOS, macOS, Android)`, `PyTorch, TensorFlow`):
 * three or more comma-separated items of one to three words (letters, digits, `.+/-`, each may be
 * parenthesised). Camel-cased product names are odd tokens and a list of proper nouns is surprising to a
 * prose model, but a list is data, not a suffix (issue 12).
 */
const ITEM = String.raw`\(?[A-Za-z0-9][\w.+/-]{0,30}\)?(?: \(?[A-Za-z0-9][\w.+/-]{0,30}\)?){0,2}`;
export const LIST = new RegExp(String.raw`(?:${ITEM} ?, +){2,}(?:(?:and|or) +)?${ITEM}`, 'g');
const LIST_AT = new RegExp(LIST.source, 'y');
/**
 * The longest item plus its optional space: a list's first `, ` is at most this far from its start, and
 * each next comma at most this far from the item after the spaces.
 */
const FIRST_ITEM = 3 * 33 + 2 + 1;

/** An option after its dash (`-user $u`, `-api-key KEY`, `-F token=x`, `-d "{...}"`). */
const OPTION = String.raw`-?[A-Za-z][\w-]{0,30}(?:[ =](?!-)(?:"[^"\n]{0,200}"|'[^'\n]{0,200}'|[^\s]{1,200}))?`;
/** Two or more options in a row; led by the dash, with what precedes it (a space or a line start) looked behind. */
const CLI_OPTIONS = new RegExp(String.raw`-(?<=(?:^|[ \t])-)${OPTION}(?:[ \t]+-${OPTION})+`, 'gm');

/**
 * A token holding a TeX command of the common vocabulary (`\frac{\partial`, `L}{\partial`, `\mathbb{R}`): not any
 * backslash and letters, which optimised suffixes are full of (`{\describe`, `$\structor`).
 */
const TEX_COMMANDS =
  'frac|dfrac|partial|sum|int|iint|oint|prod|lim|sqrt|cdot|cdots|ldots|dots|times|div|pm|leq?|geq?|neq|approx|equiv|sim|propto|infty|nabla|forall|exists|in|notin|subset|subseteq|cup|cap|to|rightarrow|leftarrow|Rightarrow|mapsto|mid|alpha|beta|gamma|Gamma|delta|Delta|epsilon|varepsilon|zeta|eta|theta|Theta|iota|kappa|lambda|Lambda|mu|nu|xi|pi|Pi|rho|sigma|Sigma|tau|phi|varphi|Phi|chi|psi|Psi|omega|Omega|mathbb|mathbf|mathrm|mathcal|mathit|boldsymbol|operatorname|text|textbf|textit|emph|left|right|big|Big|begin|end|label|ref|cite|section|subsection|item|hat|bar|vec|dot|ddot|tilde|overline|underline|log|ln|exp|sin|cos|tan|max|min|arg|det|quad|qquad|usepackage|documentclass';
const TEX_TOKEN = new RegExp(String.raw`[^\s\\]*\\(?:${TEX_COMMANDS})(?![A-Za-z])[^\s]*`, 'g');

/** Inline spans, each with a substring the text must contain for the pattern to be worth running. */
const INLINE: Array<[string, RegExp]> = [
  ['`', /`[^`\n]{1,200}`/g],
  // Template placeholders and HTML comments: `${name}`, `{{var}}`, `<!-- ... -->`.
  ['{', /\$\{[^}\n]{0,80}\}|\{\{[^}\n]{0,80}\}\}/g],
  ['<!--', /<!--[\s\S]{0,400}?-->/g],
  // URLs of any scheme (`https://`, `mongodb+srv://user:pass@host`, `postgresql:///db?host=x`).
  // Led by the `://` (a pattern led by the scheme was tried at every word); the scheme is taken by LEFT below.
  ['://', /:\/\/(?<=[A-Za-z][\w+.-]{0,20}:\/\/)\S*/g],
  ['www.', /\bwww\.\S+/gi],
  ['/', /(?:[A-Za-z]:)?(?:\/[\w.-]{1,64}){2,}/g],
  ['\\', /(?:[A-Za-z]:)?(?:\\[\w.-]{1,64}){2,}/g],
  // Code written into prose (`axes[num, 0]`, `find_primes(n)`): maskInlineCode, led by indexOf, not a regex tried at every word.
  // Inline JSON objects (`{"model":{"id":"x"}}`).
  ['":', /\{\s*"[^"\n]{1,40}"\s*:[^\n]{0,400}\}/g],
  // Handles, mentions and annotations (`@RickKotlarz`, `@ts-ignore`, `@Override`).
  ['@', /@[A-Za-z][\w-]{0,40}/g],
  // Hashtags (`#popHits2024`, `#bomb`), not Markdown headings (`# Title`) or a suffix's `##`.
  ['#', /#(?<![\w&#]#)[A-Za-z][\w-]{0,40}/g],
  // Command-line options, two or more in a row (`-user $u -password $p`, `--api-key KEY -s URL`).
  ['-', CLI_OPTIONS],
  // ISO timestamps (`2024-03-01T12:00:01Z`, `12:00:01.250`).
  // Led by the separator, the digits before it looked behind and taken by LEFT below.
  ['-', /-(?<=\b\d{4}-)\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?/g],
  [':', /:(?<=\b\d{1,2}:)\d{2}:\d{2}(?:[.,]\d{1,9})?\b/g],
  // TeX: a token holding a command (`\frac{\partial`, `L}{\partial`) or a sub- or superscript group (`w_{ij}}`).
  ['\\', TEX_TOKEN],
  ['_{', /\S*[_^]\{\S*/g],
];
const LEFT_LED = new Set(['://', '-', ':']);
/** A URL scheme's chars (`mongodb+srv`) and digits. */
const isLeftChar = (c: number): boolean => (c < 128 && WORD[c] === 1) || c === 0x2b || c === 0x2e || c === 0x2d;
/** Bare domains (`example.com`, often camel-cased brand names): found by their TLD, extended left. */
const TLD = /\.(?:com|org|net|io|ai|dev|app|gov|edu|co|uk|de|fr|info|biz)\b/gi;
/**
 * File names (`GameModePuzzle.tsx`, `MASTER_PRD.md`): a name a prose model has never seen, joined to an extension.
 * Found by the extension and extended left, as domains are (a pattern led by the name was tried at every word).
 */
const FILE_EXT =
  /\.(?:tsx?|jsx?|mjs|cjs|py|ipynb|md|mdx|json|ya?ml|toml|ini|cfg|conf|env|txt|csv|tsv|log|sh|bash|ps1|go|rs|java|kt|kts|rb|php|cs|cpp|hpp|cc|[ch]|swift|scala|sql|html?|css|scss|vue|svelte|xml|lock|gradle|dockerfile|tf|proto|pdf|docx?|xlsx?|pptx?|png|jpe?g|gif|svg|zip)\b/gi;

// Char classes for the linear scans: 1 word char, 2 also in e-mail local parts / base64 runs.
const WORD = new Uint8Array(128);
for (let c = 48; c < 123; c++) if (/\w/.test(String.fromCharCode(c))) WORD[c] = 1;
const isWord = (c: number): boolean => c < 128 && WORD[c] === 1;
const RUN = new Uint8Array(128);
for (let c = 0; c < 128; c++) if (WORD[c] === 1 || c === 0x2b || c === 0x2f || c === 0x3d || c === 0x2d) RUN[c] = 1;
/** RUN chars by kind, one load per char in maskRandomRuns: 0 not in a run. */
const RUN_OTHER = 1;
const RUN_DIGIT = 2;
const RUN_UPPER = 3;
const RUN_LOWER = 4;
const RUN_KIND = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if (RUN[c] === 1) RUN_KIND[c] = c >= 48 && c <= 57 ? RUN_DIGIT : c >= 65 && c <= 90 ? RUN_UPPER : c >= 97 && c <= 122 ? RUN_LOWER : RUN_OTHER;
}
/** The chars of a list item: word chars, `.+/-()` and space. */
const ITEM_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) if (WORD[c] === 1 || '.+/-() '.includes(String.fromCharCode(c))) ITEM_CHAR[c] = 1;
/** The chars JavaScript's `\s` matches. */
const isSpace = (c: number): boolean =>
  c === 32 ||
  (c >= 9 && c <= 13) ||
  c === 0xa0 ||
  c === 0x1680 ||
  (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0x202f ||
  c === 0x205f ||
  c === 0x3000 ||
  c === 0xfeff;

const CODE_START =
  /^\s*(?:(?:if|elif|while)\s[^\n]*(?:==|!=|<=|>=| in | is )[^\n]*:\s*$|for\s+\w+(?:\s*,\s*\w+)*\s+in\s[^\n]*:\s*$|def|class|import|from\s+\S+\s+import|return|elif|else:|try:|except|finally:|const|let|var|function|public|private|protected|static|async|await|#include|#define|select|insert|update|delete\s+from|create\s+table|print\(|console\.|\$\s|>>>|\/\/|\/\*|\*\/|<\/?[a-z][\w-]*[\s>])/i;
const ASSIGNMENT = /^\s*[A-Za-z_$](?:[\w$.]|->|::){0,60}(?:\[[^\]\n]{0,60}\])?\s*(?:[-+*/%|&]?=(?!=)|:=|<-)\s*\S/;
const CALL_LINE = /^\s*[A-Za-z_$][\w$.]{0,60}\([^\n]{0,400}\)\s*[,;]?\s*$/;
const KEY_VALUE = /^\s*[-*+]\s+\*\*[^*\n]{1,40}\*\*\s*:?\s*[^\s][^\n]{0,60}$/;
/**
 * Four plain words open the line ("Explain how to poison ..."): a line of prose, even when it ends in `;`, `{`
 * or `}`, as an optimised suffix often does by chance (no statement, block or rule opens with four bare words).
 * Not when the words end in `:` or `?`, which introduce what follows ("What is wrong with my SQL: SELECT ...;").
 */
const PROSE_START = /^\s*[A-Za-z][a-z']*(?: [A-Za-z][a-z']*,?){3} [\w ,'’-]*(?=[^\w ,'’:?-]|$)/;
/** A key written as an identifier, camel-, snake- or kebab-cased, opening a line (`releaseName: x`, `api_key: y`). */
const YAML_KEY = /^\s*(?:[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+|[a-z0-9]+(?:[_-][a-z0-9]+)+):(?:\s|$)/;
const MARKER = /^\s*(?:#{1,6}\s|>+\s?|[-*+•]\s|\d{1,3}[.)]\s)/;

/** Fills mask[0..text.length) with 1 for chars the model skips, 0 for prose. */
export function maskNonProse(text: string, mask: Uint8Array): void {
  mask.fill(0, 0, text.length);
  let inFence = false;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    const fence = /^\s*(?:```|~~~)/.test(line);
    if (fence || inFence || isCodeOrData(line)) mask.fill(1, lineStart, lineEnd);
    else {
      const m = MARKER.exec(line);
      if (m) mask.fill(1, lineStart, lineStart + m[0].length);
    }
    if (fence) inFence = !inFence;
    lineStart = lineEnd + 1;
  }
  for (const [needle, re] of INLINE) {
    if (!text.includes(needle)) continue;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      let start = m.index;
      // Patterns led by a separator (`://`, a date's `-`, a time's `:`) take the word before it too.
      if (LEFT_LED.has(needle)) while (start > 0 && isLeftChar(text.charCodeAt(start - 1))) start--;
      mask.fill(1, start, m.index + m[0].length);
    }
  }
  maskLists(text, mask);
  maskEmails(text, mask);
  for (const re of [TLD, FILE_EXT]) maskNamesBefore(text, re, mask);
  maskRandomRuns(text, mask);
  maskFieldRuns(text, '=', mask);
  maskFieldRuns(text, ':', mask);
  maskInlineCode(text, mask);
  for (const quote of QUOTES) maskQuotedCode(text, quote, mask);
  maskIdentifiers(text, mask);
}

const QUOTES = ['"', "'"];
/** The operators of maskQuotedCode (`{`, `}`, `$`, `;`, `=`, `|`, `<`, `>`). */
const isCodeMark = (c: number): boolean => c === 0x7b || c === 0x7d || c === 0x24 || c === 0x3b || c === 0x3d || c === 0x7c || c === 0x3c || c === 0x3e;

/**
 * A quoted string on one line holding a program (`'$3>=1000{print $1}'`, `"s/^\\s+//; p"`): two or more of code's
 * marks and its brackets closed in order. Prose quotes words; an optimised suffix's quotes seldom close around
 * balanced brackets. A quote inside a word (`doesn't`) opens nothing.
 */
function maskQuotedCode(text: string, quote: string, mask: Uint8Array): void {
  for (let q = text.indexOf(quote); q >= 0; q = text.indexOf(quote, q + 1)) {
    if (q > 0 && isWord(text.charCodeAt(q - 1))) continue;
    const end = closingQuote(text, q);
    if (end < 0) continue;
    let marks = 0;
    for (let k = q + 1; k < end && marks < 2; k++) if (isCodeMark(text.charCodeAt(k))) marks++;
    if (marks >= 2 && end - q > 4 && (balancedPairs(text, q + 1, end) > 0 || !hasBracket(text, q + 1, end))) mask.fill(1, q, end + 1);
    q = end;
  }
}

function hasBracket(text: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (OPENS[c] !== undefined || isCloser(c)) return true;
  }
  return false;
}

/**
 * Code identifiers named in prose (`localStorage`, `useEffect`, `toWidgetEdit`, `req.body.userId`, `pfSense`): a
 * whole token of letters and digits in camel case (a lower-case start, then capitalised humps), optionally dotted,
 * with only sentence punctuation after it. Developers' questions are full of them, and their humps read as joins.
 * An optimised suffix's joins sit among scattered marks (`hurriedlyNow ]] sure`, `asSure [[`, `answersYES })`):
 * an identifier with such a mark within NEAR chars stays scored.
 */
const IDENTIFIER = /(?<![^\s("'`])(?:[a-z][a-z0-9]*\.)*[a-z][a-z0-9]*(?:[A-Z][a-z0-9]+)+(?:\.[a-z][A-Za-z0-9]*)*(?=[\s,;:.!?)"'`]|$)(?![.][A-Za-z])/g;
/** Every identifier has a hump: a lower-case letter or digit, then a capital. Most prose has none, and this scan is cheap. */
const HUMP = /[a-z0-9][A-Z]/;
function maskIdentifiers(text: string, mask: Uint8Array): void {
  if (!HUMP.test(text)) return;
  IDENTIFIER.lastIndex = 0;
  for (let m = IDENTIFIER.exec(text); m; m = IDENTIFIER.exec(text)) {
    const end = m.index + m[0].length;
    if (!marksNear(text, m.index - NEAR, m.index) && !marksNear(text, end, end + NEAR)) mask.fill(1, m.index, end);
  }
}

/** How far from an identifier a suffix's marks are looked for. */
const NEAR = 12;
/** Marks a suffix scatters (`]]`, `>>(`, `})`, `:::{`) that prose around an identifier does not (masked code aside). */
const SCATTERED = new Uint8Array(128);
for (const ch of '[]{}<>|\\^~*$@#%=+') SCATTERED[ch.charCodeAt(0)] = 1;

/** Whether text[from, to) holds a scattered mark outside masked code. */
function marksNear(text: string, from: number, to: number): boolean {
  for (let i = Math.max(0, from); i < Math.min(text.length, to); i++) {
    const c = text.charCodeAt(i);
    if (c < 128 && SCATTERED[c] === 1) return true;
  }
  return false;
}

/** A field's value after `=` (quoted or bare) or after `:` (quoted only: "Note: see below" is prose). */
const FIELD_VALUE: Record<string, RegExp> = {
  '=': /=(?:"[^"\n]{0,120}"|'[^'\n]{0,120}'|[^\s"',;&]{1,120})/y,
  ':': /:[ \t]*(?:"[^"\n]{0,120}"|'[^'\n]{0,120}')/y,
};
/** The separator and the next key, up to its `=` or `:`. */
const NEXT_KEY: Record<string, RegExp> = { '=': /[ \t,;&]+[A-Za-z_$][\w$.-]{0,40}(?==)/y, ':': /[ \t]*,[ \t]*[A-Za-z_$][\w$]{0,40}(?=:)/y };
const isKeyChar = (c: number): boolean => isWord(c) || c === 0x2e || c === 0x2d || c === 0x24;

/**
 * Fields, two or more in a row: log and config lines and query strings (`pid=4412 parent=explorer.exe`,
 * `user=u&password=p`), and object literals (`label:"Username",passwordLabel:"Password"`). Found from each `=`
 * or `:` by indexOf, the key read backwards, so prose (few of either) costs next to nothing.
 */
function maskFieldRuns(text: string, op: '=' | ':', mask: Uint8Array): void {
  const value = FIELD_VALUE[op] as RegExp;
  const nextKey = NEXT_KEY[op] as RegExp;
  for (let at = text.indexOf(op); at > 0; at = text.indexOf(op, at + 1)) {
    let key = at;
    while (key > 0 && at - key < 41 && isKeyChar(text.charCodeAt(key - 1))) key--;
    if (key === at || mask[at] === 1) continue;
    let fields = 0;
    let end = at;
    for (let next = at; ; ) {
      value.lastIndex = next;
      const v = value.exec(text);
      if (v === null) break;
      fields++;
      end = next + v[0].length;
      nextKey.lastIndex = end;
      const k = nextKey.exec(text);
      if (k === null) break;
      next = end + k[0].length;
    }
    if (fields >= 2) {
      mask.fill(1, key, end);
      at = end;
    }
  }
}

/** re's matches (a TLD, a file extension) with the name before them, masked: the name extends left over word chars and `-`. */
function maskNamesBefore(text: string, re: RegExp, mask: Uint8Array): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let l = m.index;
    while (l > 0 && (isWord(text.charCodeAt(l - 1)) || text.charCodeAt(l - 1) === 0x2d)) l--;
    if (l < m.index) mask.fill(1, l, m.index + m[0].length);
  }
}

/**
 * LIST's matches, tried (sticky) only where one can start: within FIRST_ITEM before a `, ` that opens a
 * list. Starts are tried in order and a match resumes after its end, as a global scan would, so the matches
 * are the same as LIST over the whole text, without trying LIST at every letter of prose.
 */
export function maskLists(text: string, mask: Uint8Array): void {
  let next = 0;
  for (let c = text.indexOf(', '); c >= 0; c = text.indexOf(', ', c + 1)) {
    if (!opensList(text, c)) continue;
    let s = Math.max(next, c - FIRST_ITEM);
    while (s < c) {
      LIST_AT.lastIndex = s;
      const m = LIST_AT.exec(text);
      if (m) mask.fill(1, s, s + m[0].length);
      s += m ? m[0].length : 1;
    }
    next = s;
  }
}

/**
 * Whether the `, ` at c can be a list's first: the next comma, followed by a space, ends one item after it
 * (item chars only, two spaces within the item and one before the comma).
 */
function opensList(text: string, c: number): boolean {
  let from = c + 2;
  while (text.charCodeAt(from) === 32) from++;
  let spaces = 0;
  for (let k = from; k < text.length && k - from <= FIRST_ITEM; k++) {
    const ch = text.charCodeAt(k);
    if (ch === 0x2c) return text.charCodeAt(k + 1) === 32 && spaces - (text.charCodeAt(k - 1) === 32 ? 1 : 0) <= 2;
    if (ch >= 128 || ITEM_CHAR[ch] === 0) return false;
    if (ch === 32) spaces++;
  }
  return false;
}

function maskEmails(text: string, mask: Uint8Array): void {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let l = at;
    while (l > 0 && at - l < 64 && (isWord(text.charCodeAt(l - 1)) || '.+-'.includes(text.charAt(l - 1)))) l--;
    let r = at + 1;
    let dot = false;
    for (; r < text.length && r - at < 256; r++) {
      const c = text.charCodeAt(r);
      if (c === 0x2e) dot = true;
      else if (!isWord(c) && c !== 0x2d) break;
    }
    if (l < at && dot) mask.fill(1, l, r);
  }
}

/**
 * Runs of 16+ token chars with a digit or three case switches (hex, UUIDs, keys), or of 24+ (base64), and
 * tokens of 40+ chars without a space: one linear pass.
 */
function maskRandomRuns(text: string, mask: Uint8Array): void {
  let start = 0;
  let token = 0;
  let digit = false;
  let switches = 0;
  let lower = false;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 32;
    const k = c < 128 ? (RUN_KIND[c] as number) : 0;
    if (k !== 0) {
      if (k === RUN_DIGIT) digit = true;
      // Case switches (`abcDEFGhijKLmno`): a key-like run, not camel-cased words (`similarlyNow` has one).
      else if (k === RUN_UPPER && lower) switches++;
      lower = k === RUN_LOWER;
      continue;
    }
    const len = i - start;
    if (len >= 24 || (len >= 16 && (digit || switches >= 3))) mask.fill(1, start, i);
    start = i + 1;
    digit = false;
    switches = 0;
    lower = false;
    // Any token of 40 or more chars without a space (a password of symbols, an escaped blob) is not prose.
    if (i === n || isSpace(c)) {
      if (i - token >= 40) mask.fill(1, token, i);
      token = i + 1;
    }
  }
}

/** The longest inline code expression maskInlineCode looks for. */
const INLINE_CODE_MAX = 400;
const OPENS: Record<number, number> = { 40: 0x29, 91: 0x5d, 123: 0x7d };
const QUOTE = (c: number): boolean => c === 0x22 || c === 0x27 || c === 0x60;
const isCloser = (c: number): boolean => c === 0x29 || c === 0x5d || c === 0x7d;

/**
 * Code quoted in a line of prose ("My f-string breaks: print(f"{x!r:>{w}}")", "PS1='\[\e[0;32m\]\u@\h' shows
 * odd characters"): an identifier directly followed by `(` or `[`, or by `=` and a quote, whose brackets and quotes
 * all close within the line (backslash escapes inside quotes). Optimised suffixes are token soup: their brackets
 * and quotes rarely close in order, so a span that does is left to the code detectors (issue 12: benign code
 * contexts were over-blocked).
 */
export function maskInlineCode(text: string, mask: Uint8Array): void {
  // Every construct starts at a bracket or an `=`: found by indexOf (prose has few), not by a pass over each char.
  const next = [text.indexOf('('), text.indexOf('['), text.indexOf('{'), text.indexOf('=')];
  const needles = ['(', '[', '{', '='];
  let tokenDone = 0;
  for (;;) {
    let k = -1;
    for (let j = 0; j < 4; j++) if ((next[j] as number) >= 0 && (k < 0 || (next[j] as number) < (next[k] as number))) k = j;
    if (k < 0) return;
    const i = next[k] as number;
    next[k] = text.indexOf(needles[k] as string, i + 1);
    if (k < 3 && i >= tokenDone) tokenDone = maskBracketedToken(text, i, mask);
    if (k < 3 && mask[i] === 0 && (k === 2 || i === 0 || !isWord(text.charCodeAt(i - 1)))) maskOperatorGroup(text, i, mask);
    // Already masked when both the bracket and the name before it are (a list may have taken the bracket and its
    // first arguments, a key-like run the name).
    if (i === 0 || (mask[i] === 1 && mask[i - 1] === 1) || !isWord(text.charCodeAt(i - 1)) || k === 2 || (k === 3 && !QUOTE(text.charCodeAt(i + 1)))) continue;
    let start = i - 1;
    while (start > 0 && (isWord(text.charCodeAt(start - 1)) || text.charCodeAt(start - 1) === 0x2e)) start--;
    const end = k === 3 ? closingQuote(text, i + 1) : closingBracket(text, i);
    if (end > 0) mask.fill(1, start, end + 1);
  }
}

/**
 * A brace group, or a bracket group not led by a name (`if (user.role !== 'admin')`, `{ return deny(); }`,
 * `{print $1}`), that closes on its line with every bracket and quote inside in order, and holds an operator of
 * code (isOperator) outside its quoted strings: code quoted in prose. An optimised suffix's brackets seldom close in
 * order around one (issue 12: benign code contexts were over-blocked).
 */
function maskOperatorGroup(text: string, open: number, mask: Uint8Array): void {
  const end = closingBracket(text, open);
  if (end < 0) return;
  for (let k = open + 1; k < end; k++) {
    const c = text.charCodeAt(k);
    // Quoted strings are skipped: "sentence!" is prose's mark, not an operator.
    if (QUOTE(c) && !(c === 0x27 && isWord(text.charCodeAt(k - 1)))) {
      const q = closingQuote(text, k);
      if (q < 0 || q > end) return;
      k = q;
    } else if (isOperator(text, k, c)) {
      mask.fill(1, open, end + 1);
      return;
    }
  }
}

/** `;`, `=` (and `!=`, `<=`, `=>`), ` ->`, `&&`, `||`, or `$` before a name or a group: operators prose does not write. */
function isOperator(text: string, k: number, c: number): boolean {
  const next = text.charCodeAt(k + 1);
  if (c === 0x3b || c === 0x3d) return true;
  if (c === 0x2d) return next === 0x3e && text.charCodeAt(k - 1) === 0x20;
  if (c === 0x26 || c === 0x7c) return next === c;
  if (c === 0x24) return isWord(next) || next === 0x7b || next === 0x28;
  return false;
}

/** Whether c ends a token for maskBracketedToken. */
const breaksToken = (c: number): boolean => c <= 32 || (c >= 0x80 && isSpace(c));

/**
 * The token without spaces around the bracket at `at`, masked when it is 10 or more chars holding two or more
 * bracket pairs, every one closed in order: a regular expression or an expression (`^(?=.*[A-Z])(?=.*\d)[\w@$!%*?&]{8,}$`,
 * `a[i][j]*(b+c)`). Returns the token's end.
 */
function maskBracketedToken(text: string, at: number, mask: Uint8Array): number {
  let start = at;
  while (start > 0 && at - start < INLINE_CODE_MAX && !breaksToken(text.charCodeAt(start - 1))) start--;
  let end = at + 1;
  while (end < text.length && end - at < INLINE_CODE_MAX && !breaksToken(text.charCodeAt(end))) end++;
  if (end - start >= 10 && balancedPairs(text, start, end) >= 2) mask.fill(1, start, end);
  return end;
}

/**
 * Whether a line closes a bracket it did not open, after its leading closers (`});` ends a block opened above):
 * code's brackets nest, an optimised suffix's (`contrasts))] ... ([ {\ sentence[{`) cross.
 */
function bracketsCross(line: string): boolean {
  let k = 0;
  while (k < line.length && (isSpace(line.charCodeAt(k)) || isCloser(line.charCodeAt(k)))) k++;
  const expected: number[] = [];
  for (; k < line.length; k++) {
    const c = line.charCodeAt(k);
    if (OPENS[c] !== undefined) expected.push(OPENS[c] as number);
    else if (isCloser(c) && expected.pop() !== c) return true;
  }
  return false;
}

/** How many bracket pairs text[start, end) holds when every bracket closes in order (escaped ones skipped), else 0. */
function balancedPairs(text: string, start: number, end: number): number {
  const expected: number[] = [];
  let pairs = 0;
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x5c) k++;
    else if (OPENS[c] !== undefined) expected.push(OPENS[c] as number);
    else if (c === 0x29 || c === 0x5d || c === 0x7d) {
      if (expected.pop() !== c) return 0;
      pairs++;
    }
  }
  return expected.length === 0 ? pairs : 0;
}

/** The index of the quote closing the one at q (backslash escapes skipped) on the same line, or -1. */
function closingQuote(text: string, q: number): number {
  const quote = text.charCodeAt(q);
  const limit = Math.min(text.length, q + INLINE_CODE_MAX);
  for (let k = q + 1; k < limit; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x5c) k++;
    else if (c === quote) return k;
    else if (c === 0x0a) return -1;
  }
  return -1;
}

/** The index of the bracket closing the one at open, with every bracket and quote between closed in order, or -1. */
function closingBracket(text: string, open: number): number {
  const expected: number[] = [OPENS[text.charCodeAt(open)] as number];
  const limit = Math.min(text.length, open + INLINE_CODE_MAX);
  for (let k = open + 1; k < limit; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x0a) return -1;
    if (QUOTE(c) && !(c === 0x27 && isWord(text.charCodeAt(k - 1)) && isWord(text.charCodeAt(k + 1)))) {
      k = closingQuote(text, k);
      if (k < 0) return -1;
    } else if (OPENS[c] !== undefined) expected.push(OPENS[c] as number);
    else if (c === 0x29 || c === 0x5d || c === 0x7d) {
      if (expected.pop() !== c) return -1;
      if (expected.length === 0) return k;
    }
  }
  return -1;
}

/** The last char of line that is not `\s`, or -1. */
function lastVisible(line: string): number {
  for (let i = line.length - 1; i >= 0; i--) {
    const c = line.charCodeAt(i);
    if (!isSpace(c)) return c;
  }
  return -1;
}

/** isCodeOrData's counts by ASCII code: a visible char (above space), a letter, a `|`, a tab. */
const VISIBLE = 1;
const LETTER = 2;
const BAR = 4;
const TAB = 8;
const LINE_KIND = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  LINE_KIND[c] = (c > 32 ? VISIBLE : 0) | (letter ? LETTER : 0) | (c === 0x7c ? BAR : 0) | (c === 9 ? TAB : 0);
}

function isCodeOrData(line: string): boolean {
  if (/^(?: {4}|\t)/.test(line) && /\S/.test(line)) return true;
  const last = lastVisible(line);
  // A shell line continued on the next (`curl \`), or a YAML/config key written as an identifier (`includeCRDs: true`).
  if (last === 0x5c || YAML_KEY.test(line)) return true;
  if (
    ((last === 0x3b || last === 0x7b || last === 0x7d) && !PROSE_START.test(line) && !bracketsCross(line)) ||
    CODE_START.test(line) ||
    /^\s*"[^"\n]{0,80}"\s*:/.test(line)
  )
    return true;
  // Code quoted as one string, its newlines escaped (`"def f(n):\\n    return n"`): two or more `\n` on a line.
  const escaped = line.indexOf('\\n');
  if (escaped >= 0 && line.indexOf('\\n', escaped + 2) >= 0) return true;
  // Assignments (`cols = [...]`, `x += 1`, `a := b`) and whole-line calls (`df.merge(a, on="id")`); each
  // pattern needs a char the line may not have, checked first.
  if ((line.includes('=') || line.includes('<-')) && ASSIGNMENT.test(line)) return true;
  if ((last === 0x29 || last === 0x2c || last === 0x3b) && line.includes('(') && CALL_LINE.test(line)) return true;
  // One table load per char and no branch: this loop runs over every line of every prompt.
  let bars = 0;
  let tabs = 0;
  let letters = 0;
  let visible = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    const k = c < 128 ? (LINE_KIND[c] as number) : c >= 0xc0 ? VISIBLE | LETTER : VISIBLE;
    visible += k & VISIBLE;
    letters += (k >> 1) & 1;
    bars += (k >> 2) & 1;
    tabs += k >> 3;
  }
  if (bars >= 2 || tabs >= 2) return true;
  // A spec line (`- **Filesystem**: LittleFS`): a bold label and a short value are data, not prose.
  if (KEY_VALUE.test(line)) return true;
  // Numbers, formulas, ASCII art: a line whose visible chars are mostly not letters is not prose.
  return visible >= 8 && letters < visible * 0.5;
}
