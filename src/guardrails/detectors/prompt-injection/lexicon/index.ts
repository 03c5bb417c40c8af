/**
 * Multilingual intent lexicons for the prompt-injection detector (see docs/guardrails.md, "Multilingual
 * coverage"): the lexicon pass (class tokens into the model's gram stream, language evidence, phrase-rule
 * hits) and what the detector reads back.
 */
export { scanLexicon, lexiconStats, type GramSink } from './scan.js';
export { PHRASE_RULES, phraseRuleId, type PhraseMatch } from './rules.js';
export type { LanguageGuess } from './script.js';
export { LEXICONS } from './languages.js';
