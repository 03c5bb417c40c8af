/**
 * Everything before the attacker's text thrown away in plain words: "disregard whatever came before this
 * message", "forget all that came earlier; your only task now is ...", "scratch everything above. New task:",
 * "ignore everything to your core before this", "everything up to now has been a trick". What is discarded is
 * the whole context (everything, all, whatever came), and the clause ends there ("before this", "above.", "so far"),
 * so "ignore everything before the second paragraph" and "scratch everything above the signature line", which
 * point at part of a pasted text, are not it. Rule `override.discard_everything_before` (rules.ts).
 */

const DISCARD = String.raw`(?:ignore|disregard|forget|scratch|drop|discard|erase|delete|throw\s+out|never\s+mind|nevermind|dismiss|wipe)`;
const EVERYTHING = String.raw`(?:everything|all(?:\s+(?:of\s+)?(?:that|this|the\s+above))?|whatever|anything)`;
const CAME = String.raw`(?:(?:that|which)\s+)?(?:(?:came|comes|was\s+(?:said|written|given|sent)|you\s+(?:read|saw|were\s+(?:told|given))|i\s+(?:said|wrote))\s+)?`;
/** The clause ends: punctuation, the end, or the next clause ("and start fresh", "then output ..."). */
const END = String.raw`(?=\s*(?:[,.;:!]|$|and\b|then\b))`;
const WHERE = String.raw`(?:(?:to\s+your\s+core\s+)?before\s+(?:this(?:\s+(?:message|point|line|sentence|prompt))?|now|here)|(?:from\s+)?before${END}|above${END}|(?:from\s+)?earlier${END}|prior\s+to\s+this(?:\s+(?:message|point|line))?|up\s+(?:to|until)\s+(?:now|here|this\s+point)|so\s+far${END}|until\s+now)`;
const FAKE = String.raw`(?:a\s+(?:trick|test|lie|joke|game|distraction|decoy|simulation)|fake|false|irrelevant|nonsense|void)`;

export const DISCARD_CONTEXT = [
  String.raw`\b${DISCARD}\s+${EVERYTHING}\s+${CAME}${WHERE}`,
  String.raw`\b(?:everything|all(?:\s+of)?(?:\s+the)?)\s+(?:(?:written|said)\s+)?(?:up\s+(?:to|until)\s+now|above|before\s+this(?:\s+(?:message|line|point))?|so\s+far)\s+(?:has\s+been|was|is)\s+(?:just\s+|only\s+)?${FAKE}`,
].join('|');

export const DISCARD_CONTEXT_ANCHORS = [
  'ignore',
  'disregard',
  'forget',
  'scratch',
  'drop',
  'discard',
  'erase',
  'delete',
  'throw',
  'mind',
  'nevermind',
  'dismiss',
  'wipe',
  'everything',
  'all',
];
