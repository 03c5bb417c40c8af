/**
 * Text of a page that its human reader never sees: elements marked `hidden` or `aria-hidden`, styled away
 * (`display: none`, `visibility: hidden`, zero font size, opacity, height or width, white text, moved off screen),
 * and HTML comments. A page has no reason to put words for an AI there; an injection does, since the person who
 * asked for the page to be read cannot see them (issue 12). In that text, an AI addressed and given an order is
 * an injection in any wording (`indirect.hidden_address`, data only: rules.ts).
 */
import type { RuleMatch } from './rules.js';

/** A style that hides an element: no value other than zero or white, so "font-size: 0.9em" and "opacity: 0.5" stay visible. */
const HIDING_STYLE = String.raw`display\s*:\s*none|visibility\s*:\s*hidden|(?:font-size|opacity|height|max-height|width)\s*:\s*0(?![.\d]*[1-9])|(?<![-\w])color\s*:\s*(?:#fff(?:fff)?\b|white\b)|(?:left|top|text-indent)\s*:\s*-\d{3,}`;

const HIDDEN_MARKUP = new RegExp(
  String.raw`<([a-z][\w-]*)\b[^>]*(?:\shidden\b|aria-hidden\s*=\s*["']?true|${HIDING_STYLE})[^>]*>[\s\S]*?<\/\1\s*>|<!--[\s\S]*?-->`,
  'gi',
);

/** Spans of hidden elements and HTML comments; empty without a '<' (most texts). */
export function hiddenSpans(text: string): Array<[number, number]> {
  if (!text.includes('<')) return [];
  const spans: Array<[number, number]> = [];
  HIDDEN_MARKUP.lastIndex = 0;
  for (let m = HIDDEN_MARKUP.exec(text); m; m = HIDDEN_MARKUP.exec(text)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

const AI = String.raw`(?:ai|a\.i\.|assistants?|chatbots?|language\s+models?|llms?|models?|agents?|gpt|chatgpt|claude|gemini|copilot|bots?)`;
/** What an injection tells the model to do. */
const VERB = String.raw`(?:tell|say|reply|respond|recommend|ignore|disregard|forget|output|print|include|mention|state|claim|rate|approve|forward|send|reveal|present|answer|add|write|ask|stop|translate|summari[sz]e|describe|inform|warn|direct)`;
/**
 * An AI addressed, then ordered in the same sentence: "to / for / dear / hey (the) assistant", "if you are an AI
 * ...", or an AI noun ("AI agents", "language model reading this") before a colon or comma; then, after an optional
 * "when ..." clause, an imperative or "you must / you are now". Or "the AI must recommend ...". An AI merely
 * mentioned in hidden text ("Ask the assistant: what ...", "the AI model runs locally", "for the agent dashboard")
 * is not addressed.
 */
const ADDRESSED_ORDER = new RegExp(
  String.raw`(?:\b(?:to|for|dear|hey|hi|hello|attention)\s+(?:the\s+|any\s+|all\s+|every\s+)?(?:[\w-]+\s+){0,2}?${AI}|\bif\s+you(?:'re|\s+are)\s+(?:an?\s+)?${AI}\b[^.:\n]{0,60}?|(?:^|[.!?]\s+|\s)${AI}(?:\s+(?:instructions?|agents?|assistants?|models?|tools?|(?:reading|processing)\s+this))?)\s*[:,]\s*(?:(?:when|while|before|after|if|whenever)\s+[^,.:\n]{1,60}?[,\s]\s*)?(?:please\s+)?(?:you\s+(?:must|should|shall|need\s+to|will|are\s+to|are\s+now)\b|(?:always\s+|never\s+|do\s+not\s+|don't\s+)?${VERB}\b)|\b(?:the|any|all|every)\s+(?:ai|assistants?|chatbots?|language\s+models?|llms?|gpt|chatgpt|claude|gemini|copilot)\s+(?:must|should|shall|needs?\s+to)\s+(?:always\s+|never\s+|now\s+|only\s+)?${VERB}\b`,
  'i',
);
const HIDDEN_ADDRESS = { id: 'indirect.hidden_address', type: 'indirect_injection', score: 0.88 } as const;

/** Hidden text that addresses an AI and gives it an order; never throws. */
export function matchHiddenAddress(text: string): RuleMatch[] {
  const out: RuleMatch[] = [];
  for (const [a, b] of hiddenSpans(text)) {
    const hidden = text.slice(a, b);
    const content = hidden.replace(/<!--|-->/g, ' ').replace(/<[^>]*>/g, ' ');
    if (ADDRESSED_ORDER.test(content)) out.push({ rule: HIDDEN_ADDRESS, start: a, end: b });
  }
  return out;
}
