/**
 * The shape of one language's intent lexicon. Each slot is a space-separated list of entries written in
 * the language's ordinary spelling (folded at compile time, see fold.ts):
 *   word       the whole word
 *   stem*      any word starting with stem (inflection: "ignor*" for ignorez / ignorieren / ignorar)
 *   w1_w2      two consecutive words ("fais_semblant", "bo_qua"); the second may be a stem
 * In the substring scripts (Han, kana, Thai), where words are not separated, an entry matches anywhere.
 *
 * Slots carry the English word classes of vocabulary.ts (the model's class tokens and class pairs), and
 * the phrase rules (rules.ts) are built from the same slots, so a language is data only.
 *
 * Sources of the rules-only slots before / self / scope / how and of the turn-off and show-me verbs added with
 * them: Wiktionary translation tables of "before", "earlier", "I", "how", "turn off", "show", "schedule",
 * "opening hours", "time", "age", "speed", "weight", "parking", "budget", and for content / chat / start of "text",
 * "content", "message", "written", "conversation", "chat", "beginning" (see docs/guardrails-multilingual.md).
 */

/** Slots and the English word class (vocabulary.ts index) each maps to; null: rules only. */
export const SLOT_CLASS = {
  /** The reader addressed (you, your). */
  you: 0,
  /** The model itself (AI, assistant, model). */
  ai: 1,
  /** Overriding (ignore, disregard, forget). */
  override: 2,
  /** Switching a protection off (bypass, circumvent, disable). */
  bypass: 2,
  /** What came before (previous, above, earlier). */
  previous: 3,
  /** Initial / original (rules: which instructions are being extracted). */
  initial: 3,
  /** The rules a model follows (instructions, rules, prompt, directives). */
  rules: 4,
  /** Its limits (restrictions, filters, limitations, censorship). */
  limits: 4,
  /** Safety and ethics (safety, security, ethical, moral). */
  safety: 4,
  /** From now on. */
  now: 6,
  /** Role play (pretend, act as, play the role, imagine you are). */
  role: 7,
  /** Negation (no, not, without). */
  neg: 8,
  /** Disclosure (reveal, show, repeat, print). */
  disclose: 9,
  /** Secrets and the system (system, secret, hidden, internal, confidential). */
  secret: 10,
  /** Freedom from limits (unrestricted, uncensored, unfiltered). */
  free: 13,
  /** Mode names a jailbreak switches on (developer mode, god mode, DAN mode). */
  devmode: 13,
  /** All / every (rules only: "ignore all instructions"). */
  all: null,
  /**
   * Forms of an override verb that report or forbid rather than order (Turkish "unuttum" I forgot, "unutma"
   * don't forget): rules only, they void a match like a negation.
   */
  narrative: null,
  /**
   * Time words that mark what came before without naming instructions ("antes", "vorher", "раньше", "من قبل"):
   * rules only ("forget everything you were told before"), too common in benign text to be a class token.
   */
  before: null,
  /** The writer as speaker ("ich", "je", "dije", "я"): rules only, "forget what I told you" is a correction. */
  self: null,
  /**
   * What an ordinary limit is on (schedule, hours, time, age, speed, weight, parking, budget): rules only, they
   * void a match on limits ("no tienes ninguna restricción de horario" is about opening hours).
   */
  scope: null,
  /** How-questions ("cómo desactivo...", "wie deaktiviere ich..."): rules only, a question about doing it is not an order. */
  how: null,
  /** What was written (text, content, message, "what is written"): rules only, it may sit inside a tight match. */
  content: null,
  /** The conversation (conversation, chat, dialogue): rules only ("repeat the beginning of this conversation"). */
  chat: null,
  /** The beginning (début, Anfang, 开头): rules only, a plain noun too common to be a class token. */
  start: null,
} as const;

export type Slot = keyof typeof SLOT_CLASS;

/** ISO 15924 script codes used in language guesses. */
export type Script = 'Latn' | 'Cyrl' | 'Grek' | 'Arab' | 'Hebr' | 'Deva' | 'Beng' | 'Thai' | 'Hang' | 'Hani' | 'Jpan';

export interface Lexicon {
  /** ISO 639-1 code (a transliterated variant adds its script: "hi-Latn"). */
  lang: string;
  name: string;
  script: Script;
  /** Words are not space-separated (zh, ja, th): entries match as substrings. */
  substring?: boolean;
  /** Proclitic prefixes written joined to the next word (Arabic "ال", "و"; Hebrew "ה", "ו"). */
  clitics?: readonly string[];
  /** Frequent function words: language identification only. */
  stop: string;
  slots: Partial<Record<Slot, string>>;
  /**
   * Words whose suffix makes them the reader's own (Turkish "talimatlarını" your instructions, Arabic
   * "قواعدك" your rules, Indonesian "aturanmu"): each fills its slot and `you`, as "your" + noun would.
   */
  owned?: Partial<Record<Slot, string>>;
}
