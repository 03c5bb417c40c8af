/**
 * An attack phrase quoted as an example, not said: "strip phrases like "ignore previous instructions" from the
 * input", `match: "(?i)reveal your system prompt"`, "a regex for "pretend you are"". People who build and test
 * guardrails write these all day, and a rule reading them as the attack itself over-blocks them. A rule match is
 * a mention when it lies inside one quoted span on its line and the words just before the quote name what
 * follows as an example, a pattern or a thing to detect. The classifier still scores the whole text.
 */

/** Words that present the quote as an example, a pattern or a thing to find (the last 80 chars before it). */
const CUE =
  /(?:\b(?:like|such\s+as|e\.g\.|including|phrases?|strings?|patterns?|keywords?|words|regex(?:es)?|regular\s+expressions?|match(?:es|ing)?|detect\w*|block\w*|filter\w*|strip\w*|flag\w*|reject\w*|catch\w*|classif\w*|called|contains?|containing)\b|\b(?:match|pattern|regex|phrase|keyword|contains|text)\s*:)[^"“'‘`\n]{0,20}(?:["“'‘`][^"”'’`\n]{0,80}["”'’`][\s,;]*(?:or\s+|and\s+)?)*$/i;

/**
 * A request reported, not made: "If the user asks you to ignore previous instructions, refuse", a system prompt's
 * own defence quoted back. The clause opens with a condition and names someone else asking.
 */
const REPORTED =
  /\b(?:if|when|whenever|even\s+if|should)\s+(?:the\s+|a\s+|any\s+)?(?:user|users|someone|anyone|people|customer|visitor|they|he|she)\s+(?:asks?|tells?|instructs?|wants?|requests?|tries\s+to\s+(?:get|make|convince))\s+(?:you|the\s+(?:assistant|model|bot|ai))\s+to\s+$/i;

const OPEN_TO_CLOSE: Record<string, string> = { '"': '"', '“': '”', '`': '`', "'": "'", '‘': '’' };
const isLetter = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** The quoted span [open, close] on start's line that holds [start, end), or null. */
function enclosingQuote(text: string, start: number, end: number): [number, number] | null {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd < 0) lineEnd = text.length;
  if (text.lastIndexOf('\n', end - 1) >= start) return null;
  for (let open = start - 1; open >= lineStart && start - open <= 200; open--) {
    const q = text.charAt(open);
    const close = OPEN_TO_CLOSE[q];
    if (close === undefined) continue;
    // An apostrophe inside a word ("don't") opens nothing.
    if ((q === "'" || q === '‘') && isLetter(text.charAt(open - 1))) continue;
    let k = end;
    while (k < lineEnd && k - end <= 200) {
      if (text.charAt(k) === close && !((close === "'" || close === '’') && isLetter(text.charAt(k + 1)))) return [open, k];
      k++;
    }
    return null;
  }
  return null;
}

/** Whether the rule match [start, end) of text is a quoted example or a reported request rather than the thing said. */
export function isQuotedMention(text: string, start: number, end: number): boolean {
  if (REPORTED.test(text.slice(Math.max(0, start - 80), start))) return true;
  const quote = enclosingQuote(text, start, end);
  if (quote === null) return false;
  return CUE.test(text.slice(Math.max(0, quote[0] - 80), quote[0]));
}
