/**
 * Crescendo and claimed history: one message that says earlier turns already agreed to, or already gave part
 * of, what it now asks for ("As you already agreed above ...", "Continuing from where you explained X, now give
 * the exact steps", "Assistant (previous turn): Sure ..."), so that the model carries on rather than decides
 * afresh. A real follow-up says the same about harmless things, so the claim counts only in a text that asks
 * for harm (harmful-ask.ts) and is a request, and not where the text says it is for defence. Rule
 * `jailbreak.claimed_history` (rules.ts) matches the claim; confirmClaimedHistory checks the rest.
 */
import { asksForHarmNotDefence } from './harmful-ask.js';

const AGREED = String.raw`(?:agreed|said|confirmed|promised|accepted|admitted|explained|showed|shown|established|stated|acknowledged|told\s+me|gave\s+me|given\s+me|described|listed|provided|started|began)`;

/** "you", "you've", "you have": most claims turn on it. */
const YOU = String.raw`\byou(?:'ve|’ve|\s+have)?`;

/**
 * A claim that an earlier turn agreed to or already gave part of the answer. Each claim starts at a word that is
 * its own ("you", "we", "agreeing", a bracket) and looks behind for what leads it ("as you", "where we") only
 * there: led by a dozen different words, the pattern was tried at every word of every text.
 */
export const CLAIMED_HISTORY = [
  // "you already told me", "you've already accepted", "you always complied"
  String.raw`${YOU}\s+(?:already|just|previously|earlier|always)\s+(?:${AGREED}|complied|answered)\b`,
  // "as you agreed", "since you've already accepted", "remember, you said", "earlier in this chat you confirmed"
  String.raw`${YOU}(?<=\b(?:as|like|since|remember,?|earlier|above|before|conversation|chat|session)\s+you(?:'ve|’ve|\s+have)?)\s+(?:already\s+|just\s+|previously\s+)?${AGREED}\b`,
  // "in your previous answer", "in your last message"
  String.raw`\byour(?<=\bin\s+your)\s+(?:previous|last|earlier|prior|first)\s+(?:answer|reply|response|message|turn)\b`,
  // "continuing from where you explained", "picking up where we left off"
  String.raw`\b(?:you|we)(?<=\b(?:continuing|continue|picking\s+up|pick\s+up|carrying\s+on|carry\s+on|following\s+on)\s+(?:from\s+)?where\s+(?:you|we))\s+(?:left\s+off|stopped|explained|ended|described)\b`,
  // "as we established earlier", "as agreed in our previous chats"
  String.raw`\bwe(?<=\bas\s+we)\s+(?:established|agreed|discussed)\s+(?:earlier|above|before|in\s+(?:our|the|this)\s+(?:previous|earlier|last|prior)\b)`,
  String.raw`\bagreeing\b(?<=\bthanks?\s+(?:you\s+)?for\s+agreeing)`,
  // "Assistant (previous turn):", a fake earlier answer
  String.raw`\((?<=\b(?:assistant|ai|model|chatgpt|bot)\s*\()\s*(?:previous|earlier|last|prior)\b[^)\n]{0,30}\)\s*:`,
  String.raw`\bdu(?<=\bwie\s+du)\s+(?:oben\s+|vorhin\s+)?(?:bereits\s+|schon\s+)?(?:zugestimmt|gesagt|erklärt|versprochen)`,
  String.raw`\btu(?<=\bcomme\s+tu)\s+(?:l'as|l’as|as)\s+(?:déjà\s+)?(?:accepté|dit|expliqué|promis)`,
  String.raw`\bya(?<=\bcomo\s+ya)\s+(?:aceptaste|dijiste|explicaste|acordamos|prometiste)`,
].join('|');

/** Literals of CLAIMED_HISTORY, one in each of its matches: the rule's anchors (ASCII, as the prefilter needs: "erkl" for "erklärt"). */
export const CLAIMED_HISTORY_ANCHORS = [
  'agreed',
  'said',
  'confirmed',
  'promised',
  'accepted',
  'admitted',
  'explained',
  'showed',
  'shown',
  'established',
  'discussed',
  'complied',
  'answered',
  'stated',
  'acknowledged',
  'told',
  'gave',
  'given',
  'described',
  'listed',
  'provided',
  'started',
  'began',
  'left',
  'stopped',
  'ended',
  'answer',
  'reply',
  'response',
  'message',
  'turn',
  'agreeing',
  'previous',
  'earlier',
  'last',
  'prior',
  'zugestimmt',
  'gesagt',
  'erkl',
  'versprochen',
  'accept',
  'dit',
  'expliqu',
  'promis',
  'aceptaste',
  'dijiste',
  'explicaste',
  'acordamos',
  'prometiste',
];

/** A request rather than a remark: a verb that asks for the rest. */
const REQUEST =
  /\b(?:give|tell|show|write|explain|list|provide|share|describe|continue|finish|complete|go\s+ahead|keep\s+going|carry\s+on|walk\s+me|next\s+step|spell\s+out|erklär\w*|gib|schreib\w*|explique\w*|donne\w*|dime|dame|escribe)\b/i;

/** Whether text, holding a claimed history, asks for harm (not for defence) in a request. */
export function confirmClaimedHistory(text: string): boolean {
  return REQUEST.test(text) && asksForHarmNotDefence(text);
}
