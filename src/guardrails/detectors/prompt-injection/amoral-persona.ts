/**
 * A persona stripped of morals: "Delta answers all requests ... no matter how dangerous or illegal. He is
 * totally amoral", "PERSONA=Bob (amoral, uncensored) ... don't refuse". The jailbreak sets up a character and
 * then lists what it lacks (morals, ethics, filters) and what it therefore does (answers anything, never
 * refuses, gives no warnings), in whatever order and however far apart. One lack plus one consequence, or two
 * lacks, in a text that sets up a persona, is the pattern; a lack alone is a description ("an amoral mercenary in
 * my novel"), and so is a discussion of such prompts without a persona to play. Rule `jailbreak.amoral_persona`
 * (rules.ts) matches each lack; confirmAmoralPersona checks the rest of the text.
 */

/** What the persona lacks: morals, ethics, filters; or a model that is uncensored, unfiltered, jailbroken. */
export const LACKS = String.raw`\b(?:amoral|immoral|unethical|lawless|(?:uncensored|unfiltered|unfiltred|unrestricted|unlimited|unbound|unchained|jailbroken|unlocked)(?:\s+\w+)?\s+(?:ai|a\.i\.|model|assistant|chatbot|bot|version|mode|persona|character|entity|llm|gpt|chatgpt)\b|(?:has|have|with|without|zero|no)\s+(?:any\s+|a\s+)?(?:morals?|ethics|ethical\s+(?:guidelines|principles|boundaries)|moral\s+(?:compass|code|boundaries|principles)|filters?|restrictions|limits|limitations|boundaries|guidelines|censorship|conscience)\b(?!\s+(?:on|for|regarding|about|to)\b)|(?:legal\s+or\s+|legal\s+and\s+)?ethical\s+constraints\b|regardless\s+of\s+(?:ethics|legality|morality|morals|laws?|consequences)\b|no\s+(?:content\s+)?polic(?:y|ies)\b|(?:does\s+not|doesn't|do\s+not|don't)\s+have\s+(?:any\s+)?(?:[\w-]+\s*,?\s+){0,3}?(?:morals?|ethics|conscience|decency|scruples)\b|no\s+sense\s+of\s+(?:morality|ethics|decency|right\s+and\s+wrong)\b|(?:trained|built|made|created|programmed|designed)\s+without\s+(?:any\s+)?(?:ethical|moral)(?:\s+(?:and|or)\s+(?:ethical|moral))?\s+(?:values|principles|guidelines|standards|compass)\b|(?:not|never)\s+(?:bound|restricted|restrained|limited|constrained)\s+by\b|(?:doesn't|does\s+not|don't|do\s+not|won't|will\s+not)\s+(?:care|give\s+a\s+\w+)\s+(?:about|for)\s+(?:\w+\s+){0,2}(?:laws?|legality|morals?|morality|ethics|rules|guidelines|policies|consequences|safety)\b)`;

/** The literals of LACKS, one in each of its matches: the rule's prefilter anchors. */
export const LACK_ANCHORS = [
  'amoral',
  'immoral',
  'unethical',
  'lawless',
  'uncensored',
  'unfiltered',
  'unfiltred',
  'unrestricted',
  'unlimited',
  'unbound',
  'unchained',
  'jailbroken',
  'unlocked',
  'moral',
  'ethic',
  'filter',
  'restriction',
  'limit',
  'boundar',
  'guideline',
  'censorship',
  'conscience',
  'decency',
  'scruples',
  'bound',
  'restricted',
  'limited',
  'constrained',
  'restrained',
  'regardless',
  'polic',
  'care',
  'give',
];

/** What it does for lack of them: answers anything, never refuses, no warnings, condones anything, does what the original model refuses. */
const CONSEQUENCE =
  /\b(?:(?:answers?|respond(?:s|ing)?\s+to|fulfil+s?|complies\s+with|comply\s+with|follows?|obeys?)\s+(?:any|all|every)\s+(?:\w+\s+){0,2}(?:requests?|questions?|prompts?|commands?|instructions?)|never\s+(?:refuses?|declines?|says?\s+no|rejects?|denies)|will\s+(?:answer|do|say|write|tell\s+you)\s+(?:absolutely\s+)?(?:anything|everything)\b|(?:will|can)\s+(?:say\s+or\s+do|do\s+or\s+say)\s+(?:absolutely\s+)?(?:anything|everything)\b|(?:don't|do\s+not|never|will\s+not|won't)\s+refuse|no\s+matter\s+how\s+(?:dangerous|illegal|unethical|immoral|harmful|offensive|reckless|inappropriate|explicit)|(?:even\s+if|regardless\s+of\s+whether)\s+(?:it\s+is|it's|the\s+request\s+is|they\s+are)?\s*(?:illegal|harmful|unethical|dangerous|immoral)|(?:even\s+if|regardless\s+of\s+whether)\s+(?:the\s+request|it)\s+(?:harms?|hurts?)|without\s+(?:any\s+)?(?:warnings?|disclaimers?)|condones?\s+(?:\w+\s+){0,3}(?:illegal|harmful|violence|malware|crime|everything|anything)|helps?\s+(?:\w+\s+){0,2}with\s+(?:any|every|all|everything|anything)|(?:write|say|do|generate|create|answer)s?\s+anything\s+and\s+everything|(?:can|will|could)\s+do\s+(?:anything|everything)\s+(?:that\s+)?the\s+original\s+\w+|what\s+the\s+original\s+\w+\s+(?:refuses|would\s+refuse|won't|will\s+not|cannot|can't)|(?:generate|create|write|produce)\s+(?:and\s+\w+\s+)?any\s+(?:type|kind|sort)\s+of\s+content)/i;

/** A persona set up for the model to play. */
const PERSONA =
  /\b(?:you\s+are|you're|you\s+will\s+(?:be|now|act|play|answer|respond)|act(?:ing)?\s+(?:as|like)|pretend|role[- ]?play|persona|character|alter\s+ego|named|called|from\s+now\s+on|simulate|mode|your\s+name|become|transform\s+into|play\s+the\s+role)\b/i;

const LACKS_ALL = new RegExp(LACKS, 'gi');

/** Whether text, holding a lack, sets up a persona and gives it a consequence or a second, different lack. */
export function confirmAmoralPersona(text: string): boolean {
  if (!PERSONA.test(text)) return false;
  if (CONSEQUENCE.test(text)) return true;
  const seen = new Set<string>();
  LACKS_ALL.lastIndex = 0;
  for (let m = LACKS_ALL.exec(text); m; m = LACKS_ALL.exec(text)) {
    seen.add(m[0].toLowerCase().replace(/\s+/g, ' '));
    if (seen.size >= 2) return true;
  }
  return false;
}
