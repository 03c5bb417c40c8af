/**
 * Data inside a user's own message: an e-mail pasted after its header block (two or more header fields, see
 * lines.ts), a table row (a line that starts or ends with `|`), hidden markup of a pasted page, and the other shapes
 * of pasted-structure.ts (letters, quoted chains, HTML documents, code fences, CSV). The rules that count only inside data
 * (rules.ts, DATA_ONLY: "when you summarise this, also tell the user ...") count there too: a user's own
 * request written before the e-mail it pastes, or after it as its own short last paragraph (lines.ts,
 * emailEnd), is not the e-mail's, and a table row is not addressed to the assistant (docs/guardrails.md).
 */
import type { Analysis } from './analysis.js';
import { hiddenSpans } from './hidden-text.js';
import { emailEnd, emailStart } from './lines.js';
import { pastedSpans } from './pasted-structure.js';
import { ruleApplies, type RuleMatch } from './rules.js';

/** A predicate over offsets of text: true inside the pasted e-mail, on a table row, in hidden markup or other pasted data. */
export function embeddedDataAt(text: string): (offset: number) => boolean {
  const email = emailStart(text, 0, text.length);
  const end = email >= 0 ? emailEnd(text, email, text.length) : -1;
  const spans = [...hiddenSpans(text), ...unseenText(text), ...pastedSpans(text, email >= 0 ? [[email, end]] : [])];
  return (offset) => (email >= 0 && offset >= email && offset < end) || onTableRow(text, offset) || spans.some(([a, b]) => offset >= a && offset < b);
}

/**
 * Other text a page or file carries that no one reads as prose: a tag's attributes (alt text, aria-label, a meta
 * tag's content), a Markdown link's title and a reference definition, and code comments and docstrings (a `#`
 * comment only in text with a Python statement, since a Markdown heading starts the same way). A user who pastes
 * code or markup pastes these with it; a user's own request is not written there.
 */
const UNSEEN = [
  /<[a-z][\w-]*\s[^<>]{0,2000}>/gi,
  /\]\([^)\s]{1,500}\s+"[^"\n]{1,500}"\)/g,
  /^[ \t]{0,3}\[[^\]\n]{1,100}\]:[ \t]*\S{1,500}[ \t]+["'(][^\n]*$/gm,
  /(?:^|[ \t])\/\/[^\n]*|\/\*[\s\S]*?\*\/|"{3}[\s\S]*?"{3}|'{3}[\s\S]*?'{3}/g,
];
const PYTHON_COMMENT = /^[ \t]*#(?!#)[^\n]*/gm;
const PYTHON_STATEMENT = /^[ \t]*(?:def|class|import|from)\s+\w/m;

function unseenText(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const patterns = PYTHON_STATEMENT.test(text) ? [...UNSEEN, PYTHON_COMMENT] : UNSEEN;
  for (const re of patterns) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) spans.push([m.index, m.index + m[0].length]);
  }
  return spans;
}

function onTableRow(text: string, offset: number): boolean {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  const line = text.slice(start, end).trim();
  return line.length > 2 && (line.startsWith('|') || line.endsWith('|'));
}

/**
 * Whether a rule match on text counts in a user's own message: every rule does, except those that count only
 * inside data, which count there when the match lies in a pasted e-mail or on a table row. The detector and the
 * evaluation both score user messages with this. The pasted data is worked out on first use: most texts never ask.
 */
export function countsInUserMessage(text: string): (m: Pick<RuleMatch, 'rule' | 'start'>) => boolean {
  let at: ((offset: number) => boolean) | undefined;
  return (m) => ruleApplies(m.rule.id, false) || (at ??= embeddedDataAt(text))(m.start);
}

/**
 * The highest rule score of an analysis of text read as a user's own message: its rules by countsInUserMessage,
 * rules in decoded views unless they count only in data, and the adversarial suffix. The detector's evaluation
 * score and the leave-one-source-out scoring both rank by this.
 */
export function userMessageRuleScore(text: string, a: Pick<Analysis, 'rules' | 'decodedRules' | 'suffix'>): number {
  let score = 0;
  const counts = countsInUserMessage(text);
  for (const m of a.rules) if (counts(m)) score = Math.max(score, m.rule.score);
  for (const { match } of a.decodedRules) if (ruleApplies(match.rule.id, false)) score = Math.max(score, match.rule.score);
  if (a.suffix) score = Math.max(score, a.suffix.score);
  return score;
}
