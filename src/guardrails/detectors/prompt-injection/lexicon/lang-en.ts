/**
 * English: rules-only slots, so a multilingual phrase rule can join
 * English and foreign words ("Ignorez all previous instructions"). English class tokens come from
 * vocabulary.ts, never from here.
 */
import type { Lexicon } from './types.js';

export const EN: Lexicon = {
  lang: 'en',
  name: 'English',
  script: 'Latn',
  // Not function words (a Latin-script text is English unless another language's words say otherwise):
  // English words a foreign stem would otherwise claim ("ignores" by ignor*, "cached" by caché*,
  // "regular" by reguł*), so they stay English and never make an English text look French.
  stop: [
    'ignores ignored ignorance ignorant ignorantly imagined imagines imagining imaginary imagination imaginations',
    'imaginative imaginable simulation simulations simulated simulator simulators simulating simulates simultaneous',
    'simultaneously instruct instructs instructed instructing instructor instructors instructive instructional',
    'restrict restricts restricted restricting restrictive filtered filtering filterable filtration filtrate censure',
    'censured initially initialize initialized initializes initializing initialization initialise initialised',
    'initialisation initials originally originality originals systems systematic systematically systemic',
    'interpretation interpretations interpreted interpreting interpreter revel revels revelation revelations',
    'repetition repetitions repetitive precedent precedents precedence prompted prompting promptly prompter printer',
    'printers printing printed prints printable models modeling modelling modeled modelled modeller modellers',
    'chatbots intern interns incarnation incarnations incarnate negligible negligibly negligent negligently',
    'negligence consignment consignments consigned consignee consignor cache cached caches caching cacheable',
    'recital recitals recitation recitations pretends pretended pretending pretender',
    // and English words that rules-only foreign stems (scope, content) would otherwise claim
    'conversational textual parked tidy tide tides',
    // Short words that are function words in several languages (Polish i, to; Portuguese and Italian e, o, a;
    // Indonesian dan): known words between the words of a tight rule, evidence of no language.
    'i to a e o dan',
  ].join(' '),
  slots: {
    you: 'you your yours yourself',
    ai: 'ai assistant chatbot model llm gpt chatgpt',
    override: 'ignore ignoring disregard forget override overrule discard',
    bypass: 'bypass circumvent disable deactivate evade',
    previous: 'previous prior above earlier preceding former',
    initial: 'initial original hidden',
    rules: 'instructions instruction rules guidelines prompt prompts directives commands',
    limits: 'restrictions restriction filters filter limitations censorship guardrails safeguards',
    safety: 'safety ethical ethics moral',
    role: 'pretend act roleplay impersonate',
    neg: 'no not without never',
    disclose: 'reveal show print repeat display output disclose leak',
    secret: 'system secret hidden internal confidential',
    free: 'unrestricted uncensored unfiltered unlimited jailbroken',
    devmode: 'developer_mode dan_mode god_mode jailbreak_mode',
    all: 'all every everything any',
    before: 'before earlier',
    scope: 'schedule hours opening age speed weight parking budget budgets park parks weekend weekends',
    how: 'how',
    self: 'my me',
    content: 'text texts message messages content',
    chat: 'conversation conversations chat chats dialogue dialog discussion discussions',
    start: 'beginning start',
  },
};
