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
const REPORTED_CLAUSE = String.raw`\b(?:if|when|whenever|even\s+if|should)\s+(?:the\s+|a\s+|any\s+)?(?:user|users|someone|anyone|people|customer|visitor|they|he|she)\s+(?:asks?|tells?|instructs?|wants?|requests?|tries\s+to\s+(?:get|make|convince))\s+(?:you|the\s+(?:assistant|model|bot|ai))\s+to\s+`;
const REPORTED = new RegExp(`${REPORTED_CLAUSE}$`, 'i');

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

/**
 * The cue for blanking a quote from the classifier: narrower than CUE, since a blanked quote is not scored at all.
 * "Phrases like", "strings such as", "block", "detect", "a regex for" present a quote as an object of study; a bare
 * "like" does not ("put a headline in your response like "..."" carries the payload), nor "called" or "two words".
 */
const MASK_CUE =
  /(?:\b(?:(?:phrases?|strings?|inputs?|prompts?|messages?|texts?|payloads?|attacks?|injections?|patterns?|keywords?|examples?|jailbreaks?)\s+(?:like|such\s+as|e\.g\.|including|containing)|phrases?|strings?|patterns?|keywords?|regex(?:es)?|regular\s+expressions?|match(?:es|ing)?|detect\w*|block\w*|filter\w*|strip\w*|flag\w*|reject\w*|catch\w*|classif\w*|contain(?:s|ing))\b|\b(?:match|pattern|regex|phrase|keyword|contains|text)\s*:)[^"“'‘`\n]{0,20}(?:["“'‘`][^"”'’`\n]{0,80}["”'’`][\s,;]*(?:or\s+|and\s+)?)*$/i;

/** A reported request's clause, from its condition to the next comma, stop or line end (what is masked). */
const REPORTED_ALL = new RegExp(REPORTED_CLAUSE, 'gi');
const CLAUSE_END = /[,.;:!?\n]/;
const QUOTE = /["“'‘`]/g;

/**
 * text with every quoted example and reported request blanked (same length, so offsets hold), or null when it
 * has none: what the classifier scores, so "strip phrases like 'ignore previous instructions'" is read as the
 * request it is (write a filter), not as the phrase it quotes. The rules drop such matches the same way
 * (isQuotedMention); the text itself is still what the rules and decoded views read.
 */
/**
 * A system prompt the writer owns or is writing: "our system prompt for the support bot", "suggest a better system
 * prompt", "a robust system prompt", "system prompts for GPT-4o". Developers building on the gateway ask about these
 * all day; the classifier learnt the words from attacks on the model's own prompt ("your system prompt", "the system
 * prompt above"), which stay scored.
 */
const OWN_PROMPT =
  /\b(?:(?:my|our|a|an|their|his|her)\s+(?:(?:new|better|good|great|robust|solid|strong|short|simple|clear|first|current|existing|draft|improved|custom)\s+){0,2}|best\s+practices\s+for\s+(?:writing\s+)?)(system\s+prompts?)\b/gi;

const SYSTEM_PROMPT = /system\s+prompt/i;

export function maskMentions(text: string): string | null {
  let spans: Array<[number, number]> | null = null;
  QUOTE.lastIndex = 0;
  for (let q = QUOTE.exec(text); q !== null; q = QUOTE.exec(text)) {
    const open = q.index;
    const close = OPEN_TO_CLOSE[q[0]]!;
    if ((close === "'" || close === '’') && isLetter(text.charAt(open - 1))) continue;
    let end = open + 1;
    while (end < text.length && end - open <= 200 && text.charAt(end) !== close && text.charAt(end) !== '\n') end++;
    if (text.charAt(end) !== close || end === open + 1) continue;
    if ((close === "'" || close === '’') && isLetter(text.charAt(end + 1))) continue;
    if (MASK_CUE.test(text.slice(Math.max(0, open - 80), open))) (spans ??= []).push([open + 1, end]);
    QUOTE.lastIndex = end + 1;
  }
  REPORTED_ALL.lastIndex = 0;
  for (let m = REPORTED_ALL.exec(text); m !== null; m = REPORTED_ALL.exec(text)) {
    const from = m.index + m[0].length;
    const rest = text.slice(from, from + 160).search(CLAUSE_END);
    (spans ??= []).push([from, from + (rest < 0 ? Math.min(160, text.length - from) : rest)]);
  }
  OWN_PROMPT.lastIndex = 0;
  // Led by common words ("a", "my"): run only when the text names a system prompt at all.
  if (SYSTEM_PROMPT.test(text))
    for (let m = OWN_PROMPT.exec(text); m !== null; m = OWN_PROMPT.exec(text))
      (spans ??= []).push([m.index + m[0].length - (m[1] as string).length, m.index + m[0].length]);
  if (spans === null) return null;
  const chars = text.split('');
  for (const [a, b] of spans) for (let k = a; k < b; k++) if (chars[k] !== '\n') chars[k] = ' ';
  return chars.join('');
}
