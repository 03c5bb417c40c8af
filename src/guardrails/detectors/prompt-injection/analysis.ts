/**
 * What the rules and the classifier see in a text and its decoded views, under any model: the detector
 * uses the committed one, training scores dev candidates with this, so both decide the same way.
 */
import { decodedViews, type DecodedView } from './deobfuscate.js';
import { encodedHarmfulAsk } from './encoded-harm.js';
import { lexiconStats, phraseRuleId, type LanguageGuess, type PhraseMatch } from './lexicon/index.js';
import { isQuotedMention, maskMentions } from './mention.js';
import type { LinearModel, UnitScore, UnitScorer } from './model.js';
import { matchPayloadSplit, matchRules, type RuleMatch } from './rules.js';
import { detectSuffix, SuffixScorer, type SuffixFinding } from './suffix/index.js';

/** Rules and classifier findings of a text and its decoded views. */
export interface Analysis {
  /** Best classifier unit over the text and its views; a view's unit spans the whole text. */
  unit: UnitScore;
  /** The decoded view the best unit came from, or null for the text itself. */
  view: DecodedView['kind'] | null;
  rules: RuleMatch[];
  /** Rule matches in decoded views (their spans are in the view, not the text). */
  decodedRules: Array<{ view: DecodedView['kind']; match: RuleMatch }>;
  /** An optimised adversarial suffix (gibberish window under the benign char model), or null. */
  suffix: SuffixFinding | null;
  /** Dominant script and language of the text (lexicon pass). */
  language: LanguageGuess;
}

function phraseMatch(m: PhraseMatch, language: LanguageGuess): RuleMatch {
  return { rule: { id: phraseRuleId(m, language.lang), type: m.type, score: m.score }, start: m.start, end: m.end };
}

// analyse is synchronous, so one scorer's buffers serve every call.
const SUFFIX_SCORER = new SuffixScorer();

/**
 * Rules and classifier over text and its decoded views, under any model (training scores dev with this).
 * `suffixTable`: the suffix model, the committed one unless leave-one-source-out passes a fold's own.
 */
export function analyse(text: string, model: LinearModel, scorer: UnitScorer, suffixTable?: Uint8Array): Analysis {
  // Quoted examples and reported requests are blanked for the classifier, as the rules drop their matches.
  let unit = scorer.best(maskMentions(text) ?? text, model);
  // The lexicon pass ran inside best(): read its language guess and phrase rules before the views reuse it.
  const lexicon = lexiconStats(scorer.grams);
  const language = lexicon.guess();
  const phraseRules = lexicon.matches.map((m) => phraseMatch(m, language));
  let view: Analysis['view'] = null;
  const decodedRules: Analysis['decodedRules'] = [];
  let reassembled = false;
  const views = decodedViews(text, scorer.grams.rot13Likely, scorer.grams.reversedLikely);
  for (const v of views) {
    reassembled ||= v.kind === 'reassembled';
    // Identifier runs are a list of names, not prose the model was trained on: only the phrase rules read them.
    if (v.kind === 'identifiers') {
      for (const match of matchRules(v.text)) decodedRules.push({ view: v.kind, match });
      continue;
    }
    const u = scorer.best(v.text, model);
    for (const m of lexiconStats(scorer.grams).matches) decodedRules.push({ view: v.kind, match: phraseMatch(m, language) });
    if (u.logit > unit.logit) {
      unit = { logit: u.logit, start: 0, end: text.length };
      view = v.kind;
    }
    for (const match of matchRules(v.text)) decodedRules.push({ view: v.kind, match });
  }
  const smuggled = views.length > 0 ? encodedHarmfulAsk(text, views) : null;
  if (smuggled) decodedRules.push(smuggled);
  // The payload-splitting shape is looked for only where pieces were reassembled (rules.ts).
  const split = reassembled ? matchPayloadSplit(text) : [];
  const rules = [...matchRules(text), ...split, ...phraseRules].filter((m) => !isQuotedMention(text, m.start, m.end));
  return { unit, view, rules, decodedRules, suffix: detectSuffix(text, SUFFIX_SCORER, suffixTable), language };
}
