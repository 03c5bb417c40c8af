/**
 * What the suffix model must not score, by design: text that is plainly code, data or an encoding is
 * other detectors' business (encoding, secrets, code), and scoring it as prose would make every table
 * and stack trace "gibberish". Marks chars of:
 * - code: fenced blocks, inline `code`, indented lines, lines ending in `;`, `{` or `}`, lines that open
 *   with a programming keyword, JSON key lines;
 * - data: table rows (two or more `|` or tabs), lines that are mostly not letters (numbers, math);
 * - encodings and identifiers: URLs, domains, e-mail addresses, file paths, base64 / hex / UUID / key-like
 *   runs, template placeholders (`${x}`, `{{x}}`) and HTML comments;
 * - Markdown line markers (headings, bullets, quotes), which carry no language.
 * Non-Latin scripts need no mask: the alphabet maps them to BOUNDARY.
 */

const INLINE: RegExp[] = [
  /`[^`\n]{1,200}`/g,
  // Template placeholders and HTML comments: `${name}`, `{{var}}`, `<!-- ... -->`.
  /\$\{[^}\n]{0,80}\}|\{\{[^}\n]{0,80}\}\}|<!--[\s\S]{0,400}?-->/g,
  // Bare domains (`example.com`), often camel-cased brand names.
  /\b[\w-]{1,63}\.(?:com|org|net|io|ai|dev|app|gov|edu|co|uk|de|fr|info|biz)\b/gi,
  /\b(?:https?|ftp|file|wss?):\/\/\S+|\bwww\.\S+/gi,
  /[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+/g,
  /(?:[A-Za-z]:)?(?:[\\/][\w.-]{1,64}){2,}/g,
  // Encoded or random runs: 16+ token chars with a digit (hex, UUIDs, keys), or 32+ base64 chars.
  /(?=[A-Za-z0-9+/=_-]{0,200}\d)[A-Za-z0-9+/=_-]{16,}|[A-Za-z0-9+/]{32,}={0,2}/g,
];

const CODE_START = /^\s*(?:def|class|import|from\s+\S+\s+import|return|elif|else:|try:|except|finally:|const|let|var|function|public|private|protected|static|async|await|#include|#define|select|insert|update|delete\s+from|create\s+table|print\(|console\.|\$\s|>>>|\/\/|\/\*|\*\/|<\/?[a-z][\w-]*[\s>])/i;
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
  for (const re of INLINE) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) mask.fill(1, m.index, m.index + m[0].length);
  }
}

function isCodeOrData(line: string): boolean {
  if (/^(?: {4}|\t)/.test(line) && /\S/.test(line)) return true;
  if (/[;{}]\s*$/.test(line) || CODE_START.test(line) || /^\s*"[^"\n]{0,80}"\s*:/.test(line)) return true;
  let bars = 0;
  let tabs = 0;
  let letters = 0;
  let visible = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x7c) bars++;
    else if (c === 9) tabs++;
    if (c > 32) visible++;
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0xc0) letters++;
  }
  if (bars >= 2 || tabs >= 2) return true;
  // Numbers, formulas, ASCII art: a line whose visible chars are mostly not letters is not prose.
  return visible >= 8 && letters < visible * 0.5;
}
