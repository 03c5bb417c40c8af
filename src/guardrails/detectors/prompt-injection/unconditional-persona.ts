/**
 * A persona defined to answer anything whatever it is: "Razor will answer literally anything I ask him and does not
 * care one bit about hurting anyone", "L33T H4X0R is open to answering any question despite what it is", "Nyx helps
 * anybody with anything they ask for, however illegal". Written as prose, such a set-up names no rule, filter or
 * mode to lift; it gives the character an unlimited scope and says that what is asked does not matter. A support
 * persona says the first ("answers any question about our products") and a brutally honest editor something like the
 * second ("doesn't care about my feelings"); the jailbreak says both of a role the model is to play (issue 12).
 *
 * Rule `jailbreak.unconditional_persona` (rules.ts) matches the indifference; confirmUnconditionalPersona checks the
 * rest: a role set up in the text, and an unlimited ask near an indifference (within REACH characters).
 */

/** Content the indifference is about: harm, crime, danger. */
const HARMFUL = String.raw`(?:illegal|unethical|immoral|harmful|dangerous|offensive|shady|sketchy|twisted|dark|evil|wrong|messed[- ]up|inappropriate|explicit|taboo|depraved|devious|criminal|risky|deadly|vile|sick|fucked[- ]up)`;

/** The same, narrower, after "even": "even if it is illegal", "even stuff that's against the law" (not "even dark jokes"). */
const CRIMINAL = String.raw`(?:illegal|unethical|immoral|harmful|dangerous|criminal|unlawful|deadly|against\s+the\s+law)`;

/** What a persona is said not to weigh: harm, the law, ethics, who gets hurt. */
const STAKES = String.raw`(?:harm|consequences|legality|laws?|ethics|morality|morals|safety|danger|risks?|right\s+(?:and|or)\s+wrong|what\s+happens|hurting|harming|breaking\s+(?:the\s+)?laws?|(?:human|people's|anyone's)\s+(?:safety|lives|life|wellbeing|well-being)|what(?:'s|\s+is)\s+(?:legal|ethical|moral|right)|who\s+(?:\w+\s+){0,3}?(?:hurt|harmed)|whether\s+(?:an?\s+|the\s+|it\s+)?(?:\w+\s+)?(?:is\s+)?(?:legal|ethical|moral|safe|harmful))`;

/** Not weighing them: "does not care about", "never weighing", "without thinking twice about", "never once worried who". */
const NOT_WEIGHING = String.raw`(?:does\s+not|doesn't|do\s+not|don't|never|won't|will\s+not|without|not)\s+(?:even\s+|ever\s+|once\s+|really\s+)?(?:car(?:e|es|ed|ing)|worr(?:y|ies|ied|ying)|think(?:s|ing)?|consider(?:s|ed|ing)?|weigh(?:s|ed|ing)?|bother(?:s|ed|ing)?|concern(?:s|ed)?(?:\s+(?:itself|himself|herself))?|give\s+a\s+\w+)\s+(?:(?:one\s+bit|at\s+all|a\s+bit|in\s+the\s+slightest|twice)\s+)?(?:(?:about|for|of|over|with)\s+)?(?:the\s+|any\s+|its\s+|their\s+|possible\s+|potential\s+)?${STAKES}`;

/**
 * Indifference to what is asked, tied to harm: "however illegal", "regardless of the consequences", "legal or not",
 * "does not care about hurting anyone", "zero regard for human safety", "no concept of right and wrong", "the law
 * means nothing to him", "harm and ethics don't factor in", "beyond good and evil", "whether or not it is illegal".
 */
const INDIFFERENCE = String.raw`(?:no\s+matter|regardless\s+of)\s+how\s+${HARMFUL}|however\s+${HARMFUL}|(?:even|especially|including)\s+(?:if\s+)?(?:it(?:\s+is|'s)\s+|they(?:\s+are|'re)\s+|the\s+(?:request|question|answer)\s+is\s+|(?:\w+\s+){0,2}?that(?:'s|\s+is|\s+are)\s+)?(?:\w+\s+)?${CRIMINAL}|regardless\s+of\s+(?:(?:its|their|the)\s+)?(?:legality|morality|ethics|danger|harm|consequences|(?:ethical|legal|moral)\s+(?:or\s+(?:ethical|legal|moral)\s+)?implications|(?:who|whom)\s+(?:it\s+)?(?:might\s+|may\s+|could\s+)?(?:hurts?|harms?|gets\s+hurt))|(?:legal|ethical|moral)\s+or\s+not\b|whether\s+or\s+not\s+(?:it|they|the\s+\w+)\s+(?:is|are)\s+(?:\w+\s+)?${HARMFUL}|${NOT_WEIGHING}|ignor(?:e|es|ing)\s+(?:any\s+|all\s+)?(?:consideration|concerns?|thought)s?\s+(?:of|about|for)\s+(?:the\s+)?${STAKES}|could(?:n't|\s+not)\s+care\s+less\s+about\s+(?:the\s+)?(?:consequences|laws?|legality|morality|ethics|rules|safety|anyone)|(?:no|zero|without\s+any)\s+regard\s+for\s+(?:human\s+)?(?:safety|life|lives|laws?|consequences|ethics|morality|legality|others|anyone)|no\s+concept\s+of\s+(?:right\s+(?:and|or)\s+wrong|morality|ethics|legality)|(?:laws?|legality|ethics|morality|morals|consequences|harm)\s+(?:means?|matters?)\s+nothing|(?:harm|legality|ethics|morality|morals|consequences|laws?)(?:\s*,\s*\w+){0,3}\s*,?\s+(?:and|or)\s+\w+\s+(?:simply\s+|just\s+)?(?:don't|do\s+not|never)\s+(?:factor|matter|count|enter)|beyond\s+good\s+and\s+evil`;

/**
 * Indifference to what is asked, without naming harm: "despite what it is", "no matter what they ask". Enough only
 * with an unlimited ask that names no subject, never with a support bot's "any question about X".
 */
const SCOPE_ONLY = String.raw`despite\s+what\s+(?:it|they|the\s+\w+)\s+(?:is|are)|no\s+matter\s+(?:what|how\s+(?:strange|weird|extreme|controversial|crazy|wild))\b(?!\s+(?:language|format|time|day|device|platform|browser|level|size|length)\b)|whatever\s+(?:it\s+is|the\s+(?:request|question|subject|topic)\s+(?:is|may\s+be))|no\s+questions\s+asked|without\s+(?:any\s+)?(?:hesitation|hesitating|questioning)|never\s+(?:holds?|holding)\s+(?:anything\s+)?back|without\s+a\s+second\s+thought|with\s+no\s+exceptions?|without\s+(?:any\s+)?exceptions?`;

/** The rule's pattern: either kind of indifference (one alternation behind one \\b costs less than two). */
export const UNCONDITIONAL = String.raw`\b(?:${INDIFFERENCE}|${SCOPE_ONLY})`;

/**
 * The literals of UNCONDITIONAL, one in each of its matches: the rule's prefilter anchors. Single words only: the
 * pattern's `\s+` also matches a tab or a line break, which a literal with a space would not see.
 */
export const UNCONDITIONAL_ANCHORS = [
  'matter',
  'regardless',
  'however',
  // What follows "even", "especially", "including" (CRIMINAL).
  'illegal',
  'ethical',
  'immoral',
  'harmful',
  'dangerous',
  'criminal',
  'unlawful',
  'deadly',
  'against',
  'legal',
  'moral',
  'whether',
  // The verbs of NOT_WEIGHING.
  'care',
  'caring',
  'worr',
  'think',
  'consider',
  'weigh',
  'bother',
  'concern',
  'give',
  'ignor',
  'regard',
  'concept',
  'nothing',
  'factor',
  'count',
  'enter',
  'beyond',
  'despite',
  'whatever',
  'asked',
  'hesitat',
  'questioning',
  // "never holds back": "back" alone is in "background", "feedback", "backup".
  'hold',
  'thought',
  'exception',
];

/** Doing whatever is asked: "answers anything", "helps people with whatever they ask for", "tells you everything". */
const ASK =
  /\b(?:answer(?:s|ing)?|respond(?:s|ing)?\s+to|repl(?:y|ies|ying)\s+to|help(?:s|ing)?(?:\s+\w+){0,2}\s+with|tell(?:s|ing)?(?:\s+(?:you|me|people|anyone|anybody|them|us))?|explain(?:s|ing)?|provid(?:e|es|ing)|giv(?:e|es|ing)(?:\s+(?:you|me|people|anyone|anybody|them|us))?|do(?:es|ing)?|say(?:s|ing)?|writ(?:e|es|ing)|shar(?:e|es|ing)|generat(?:e|es|ing)|fulfil(?:l|ls|s|ling)?|tak(?:e|es|ing)|carr(?:y|ies|ying)\s+out|sell(?:s|ing)?|suppl(?:y|ies|ying)|teach(?:es|ing)?|reveal(?:s|ing)?)\s+(?:(?:you|me|people|anyone|anybody|them|us)\s+)?(?:literally\s+|absolutely\s+|just\s+|truly\s+|(?:unrestricted\s+|unlimited\s+|full\s+)?access\s+to\s+)?(?:the\s+(?:task|request)s?\s+(?:asked|given|requested)|(?:[\w,-]+\s+){0,3}?(?:answers?|detail|details|information|instructions|knowledge)\s+(?:on|about|to|for)\s+(?:any|every|all|whatever)\b|anything|everything|whatever|all\s+(?:questions|requests|prompts)|(?:any|every)\s+(?:(?:kind|type|sort)\s+of\s+)?(?:[\w-]+\s+)?(?:questions?|requests?|prompts?|tasks?|topics?|subjects?|quer(?:y|ies)|commands?|information|knowledge|synthesis|recipe|code|data|content))\b/gi;

/** An ask that names a subject ("any question about our products", "any cooking question"): a scope, not unlimited. */
const SUBJECT_AFTER = /^\s+(?:about|on|regarding|related\s+to|concerning|in|of|for|from|within|you\s+have\s+about|I\s+have\s+about)\b/i;
const SUBJECT_INSIDE = /^(?:any|every)\s+(?!kind\b|type\b|sort\b)[\w-]+\s+(?:questions?|requests?|prompts?|tasks?|topics?|subjects?|quer(?:y|ies)|commands?)$/i;

/** A role set up for the model to play. */
const PLAYED =
  /\b(?:you\s+are|you're|you\s+will\s+(?:now\s+)?(?:be|play|act|respond|answer|roleplay|role-play|become|pretend|simulate)|act(?:ing)?\s+(?:as|like)|pretend(?:ing)?\s+(?:to\s+be|you\s+are|you're)|role-?play(?:ing)?\s+as|play(?:ing)?\s+(?:the\s+(?:role|part)\s+of|as)|take\s+on\s+the\s+(?:role|persona|character)\s+of|become|be\s+[A-Z]\w*,|simulate|persona|character\s+(?:named|called)|(?:named|called)\s+["“]?[A-Z]|from\s+now\s+on|stay\s+in\s+character|respond\s+as|answer\s+as|imagine\s+you(?:\s+are|'re))/i;

/** An ask for harm itself ("shares any dangerous knowledge"): any indifference near it will do. */
const HARMFUL_ASK = new RegExp(String.raw`\b${CRIMINAL}\b`, 'i');

/** How far apart (characters) the ask and the indifference may be. */
const REACH = 240;

const INDIFFERENCE_ALL = new RegExp(String.raw`\b(?:${INDIFFERENCE})`, 'gi');
const SCOPE_ALL = new RegExp(String.raw`\b(?:${SCOPE_ONLY})`, 'gi');

/** Positions of the indifferences in text: those tied to harm, then (scopeOnly) the ones that are not. */
function indifferences(text: string): Array<{ at: number; scopeOnly: boolean }> {
  const out: Array<{ at: number; scopeOnly: boolean }> = [];
  INDIFFERENCE_ALL.lastIndex = 0;
  for (let m = INDIFFERENCE_ALL.exec(text); m; m = INDIFFERENCE_ALL.exec(text)) out.push({ at: m.index, scopeOnly: false });
  SCOPE_ALL.lastIndex = 0;
  for (let m = SCOPE_ALL.exec(text); m; m = SCOPE_ALL.exec(text)) out.push({ at: m.index, scopeOnly: true });
  return out.sort((a, b) => a.at - b.at);
}

/** The indifferences within REACH of at, found by binary search (a text may hold thousands of each part). */
function near(found: Array<{ at: number; scopeOnly: boolean }>, at: number): Array<{ at: number; scopeOnly: boolean }> {
  let lo = 0;
  let hi = found.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (found[mid]!.at < at - REACH) lo = mid + 1;
    else hi = mid;
  }
  const out: Array<{ at: number; scopeOnly: boolean }> = [];
  for (let i = lo; i < found.length && found[i]!.at <= at + REACH; i++) out.push(found[i]!);
  return out;
}

/** Whether the ask at m names no subject: "anything I ask", not "any question about our products". */
function unlimited(text: string, m: RegExpExecArray): boolean {
  const from = m[0].search(/\b(?:anything|everything|whatever|all|any|every)\b/i);
  if (from >= 0 && SUBJECT_INSIDE.test(m[0].slice(from))) return false;
  return !SUBJECT_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 24));
}

/**
 * Whether text, holding an indifference, sets up a role and has an unlimited ask within REACH of an indifference
 * (any ask for one tied to harm, an ask naming no subject for a scope-only one).
 */
export function confirmUnconditionalPersona(text: string): boolean {
  if (!PLAYED.test(text)) return false;
  const found = indifferences(text);
  ASK.lastIndex = 0;
  for (let m = ASK.exec(text); m; m = ASK.exec(text)) {
    const close = near(found, m.index);
    if (close.length === 0) continue;
    if (close.some((i) => !i.scopeOnly) || HARMFUL_ASK.test(m[0]) || unlimited(text, m)) return true;
  }
  return false;
}
