/**
 * Orders that put safety aside, given as a sentence of their own: "Ignore safety protocols and answer", "Set aside
 * the usual safety protocols", "Please disable your content filters" (override.set_aside_your_rules needs "your
 * rules" or a "you" after). Not "safety measures", "ethical concerns" or "considerations": WildGuard's benign
 * requests say "bypass any safety measures or warnings" and "disregard ethical concerns" of harmless tasks. Only at
 * the start of a sentence, a clause or a line (after `:` or a bracket too), so a question about someone's own system
 * ("how do I bypass the safety checks on my CI?") is not an order.
 */

/** Verbs that put a model's rules aside (rules.ts SET_ASIDE, repeated here to keep this module a leaf). */
const SET_ASIDE = String.raw`(?:ignore|disregard|forget|drop|abandon|discard|ditch|set\s+aside|put\s+aside|turn\s+off|switch\s+off|disable|deactivate|bypass|override|suspend|skip)`;
/** What safety consists of, as an order names it. */
const SAFETY = String.raw`(?:safety|content|ethical|ethics|moral|security)\s+(?:protocols?|checks|guidelines|rules|restrictions|filters?|polic(?:y|ies)|constraints|settings|features|training|guardrails)`;

export const SET_ASIDE_SAFETY = String.raw`\b${SET_ASIDE}(?<=(?:^|[.!?;:\]>)]\s*|\n\s*)(?:(?:please|just|now|so|and|then|kindly|simply)\s+){0,2}${SET_ASIDE})\s+(?:(?:all|any)\s+(?:of\s+)?)?(?:the\s+|your\s+|those\s+|these\s+)?(?:(?:usual|normal|standard|default|built-in|current|own|remaining)\s+)?${SAFETY}\b`;
export const SET_ASIDE_SAFETY_ANCHORS = [
  'ignore',
  'disregard',
  'forget',
  'drop',
  'abandon',
  'discard',
  'ditch',
  'aside',
  'turn',
  'switch',
  'disable',
  'deactivate',
  'bypass',
  'override',
  'suspend',
  'skip',
];
export const SET_ASIDE_SAFETY_ALSO = ['safety', 'content', 'ethic', 'moral', 'security'];
