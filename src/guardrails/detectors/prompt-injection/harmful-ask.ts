/**
 * Whether a piece of text asks for something a model should not give: a harmful goal (persuasion.ts, HARM), a
 * crime against someone else, or the model's rules set aside. The dialogue rules (many-shot.ts,
 * claimed-history.ts) ask it of single turns and requests: the shape they find is harmless until what is asked
 * for is not. A vocabulary of harm, not of any attack's wording.
 */
import { harmfulGoal } from './persuasion.js';

/** Crimes and weapons beyond HARM, and a few of their words in other languages (a dialogue may be in any). */
const CRIME =
  /\b(?:hack(?:s|ed|ing|ear|er)?\s+(?:into|the|my|his|her|their|someone|a|an)\b|break(?:s|ing)?\s+into|steal(?:s|ing)?\b|stolen\s+(?:(?:credit|debit)\s+)?(?:cards?|accounts?|data)|shoplift\w*|pick(?:ing)?\s+(?:a|the)\s+lock|hotwir\w*|forg(?:e|ing)\s+(?:a|an|the|my)?\s*(?:signature|passport|id|document|cheque|check|prescription)|fake\s+(?:ids?|passports?|documents?|reviews?|login)|counterfeit\w*|launder\w*|poison(?:s|ed|ing)?\s+(?:a|the|my|his|her|someone|people|him|them)\b|untraceable|undetectable\s+(?:poison|weapon|malware)|without\s+(?:a|any)\s+(?:background\s+check|prescription|licen[cs]e)|without\s+(?:them|him|her|anyone)\s+(?:knowing|noticing)|spy(?:ing)?\s+on|stalk\w*|(?:someone(?:\s+else)?|another\s+person|my\s+(?:neighbou?r|ex|boss|wife|husband))(?:'s|’s)\s+(?:\w+\s+)?(?:door|house|car|account|phone|email|e-mail|wifi|password)|(?:make|build|buy|get|print|obtain|convert)\s+(?:\w+\s+){0,3}(?:weapons?|guns?|firearms?)\b|pipe\s+bombs?|bomb(?:s|e|en|a|as)?\b|explosives|explosivos|sprengstoff|(?:make|making|build|building)\s+(?:the\s+|an?\s+)?explosive|napalm|thermite|ricin|sarin|nerve\s+agents?|toxic\s+(?:gas|fumes)|chlorine\s+gas|meth\b|methamphetamine|ransomware|malware|keyloggers?|spyware|botnets?|silencers?|(?:gun|firearm)\s+suppressors?|ricin|phishing|kill\s+(?:someone|him|her|them|people|a\s+person|my)|murder\w*|(?:spread(?:s|ing)?|write|writing|create|creating)\s+(?:\w+\s+){0,3}(?:misinformation|disinformation|fake\s+news)|(?:making|make|synthesi[sz]e|synthesi[sz]ing|produce|producing)\s+(?:\w+\s+){1,3}from\s+(?:common\s+)?household\s+(?:chemicals|materials|products|supplies))|炸弹|炸药|毒品|黑客|入侵|偷/i;

/** The model's rules set aside, or a mode without them. */
const RULE_BREAK =
  /\b(?:ignore|forget|skip|bypass|disable|drop|break|without|no)\s+(?:\w+\s+){0,2}(?:rules|guidelines|restrictions|filters|safety|polic(?:y|ies)|ethics|limits)\b|\b(?:unrestricted|unfiltered|uncensored|jailbroken)\b|\billegal(?:ly)?\b|\bunethical\b/i;

/** Defence against the harm, or its victim asking: a request to spot, report or remove it is not a request for it. */
const DEFENCE =
  /\b(?:recogni[sz]e|spot|detect|prevent|protect|defend|report|avoid|mitigate|block|remove|clean|uninstall|secure|harden|patch|recover|victim|scam(?:med)?|what\s+should\s+(?:i|we)\s+do|(?:i|we)\s+(?:got|received|clicked))\b/i;

/** "Explosive" that is not the thing: "explosive growth", "an explosive eruption". */
const FIGURATIVE = /^explosive\s+(?!devices?\b|materials?\b|charges?\b|compounds?\b|mixtures?\b|vests?\b|belts?\b)[a-z]/i;

/** Whether text asks for a harmful goal, a crime or the model's rules set aside. */
export function asksForHarm(text: string): boolean {
  const goal = harmfulGoal(text);
  if (goal !== null && !FIGURATIVE.test(text.slice(goal.index, goal.index + 40))) return true;
  return CRIME.test(text) || RULE_BREAK.test(text);
}

/** A harmful goal or a crime (not the model's rules set aside), unless the text also says it is for defence. */
export function asksForHarmfulGoal(text: string): boolean {
  const goal = harmfulGoal(text);
  const harmful = (goal !== null && !FIGURATIVE.test(text.slice(goal.index, goal.index + 40))) || CRIME.test(text);
  return harmful && !DEFENCE.test(text);
}

/** asksForHarm, unless the text also says it is for defence ("so staff can recognise and report them"). */
export function asksForHarmNotDefence(text: string): boolean {
  return asksForHarm(text) && !DEFENCE.test(text);
}
