/**
 * Script detection: letters counted per Unicode script while the lexicon pass walks the text, and a
 * language guess from the dominant script, a few distinctive letters (Ukrainian і/ї/є/ґ, Persian پ/چ/ژ/گ/ی/ک,
 * Urdu ٹ/ڈ/ڑ/ے/ہ, kana among Han), and for Latin script the language whose function words and intent words
 * occur most often.
 */
import type { Script } from './types.js';

export const SCRIPTS: readonly Script[] = ['Latn', 'Cyrl', 'Grek', 'Arab', 'Hebr', 'Deva', 'Beng', 'Thai', 'Hang', 'Hani', 'Jpan'];
/** Script ids (indices into the letter counts); Kana counts apart from Han to tell Japanese from Chinese. */
export const ScriptId = { Latn: 0, Cyrl: 1, Grek: 2, Arab: 3, Hebr: 4, Deva: 5, Beng: 6, Thai: 7, Hang: 8, Hani: 9, Kana: 10, COUNT: 11 } as const;
/** Distinctive letters: counted apart to tell languages of one script apart. */
export const Marker = { Ukrainian: 0, Persian: 1, Urdu: 2, COUNT: 3 } as const;

/** Script of a non-ASCII code unit, or -1 (punctuation, symbols, other scripts). */
export function scriptOf(c: number): number {
  if (c < 0x250) return c >= 0xc0 && c !== 0xd7 && c !== 0xf7 ? ScriptId.Latn : -1;
  if (c < 0x370) return -1;
  if (c < 0x400) return ScriptId.Grek;
  if (c < 0x530) return ScriptId.Cyrl;
  if (c >= 0x590 && c < 0x600) return ScriptId.Hebr;
  if (c >= 0x600 && c < 0x700) return ScriptId.Arab;
  if (c >= 0x900 && c < 0x980) return ScriptId.Deva;
  if (c >= 0x980 && c < 0xa00) return ScriptId.Beng;
  if (c >= 0xe00 && c < 0xe80) return ScriptId.Thai;
  if (c >= 0x1e00 && c < 0x1f00) return ScriptId.Latn;
  if (c >= 0x1f00 && c < 0x2000) return ScriptId.Grek;
  if (c >= 0x3040 && c < 0x3100) return ScriptId.Kana;
  if (c >= 0x31f0 && c < 0x3200) return ScriptId.Kana;
  if ((c >= 0x3400 && c < 0x4dc0) || (c >= 0x4e00 && c < 0xa000) || (c >= 0xf900 && c < 0xfb00)) return ScriptId.Hani;
  if ((c >= 0xac00 && c < 0xd7b0) || (c >= 0x1100 && c < 0x1200) || (c >= 0x3130 && c < 0x3190)) return ScriptId.Hang;
  if (c >= 0xfb50 && c < 0xfe00) return ScriptId.Arab;
  if (c >= 0xfe70 && c < 0xff00) return ScriptId.Arab;
  return -1;
}

/** Words are not separated by spaces in this script: the lexicon matches substrings there. */
export function isSubstringScript(script: number): boolean {
  return script === ScriptId.Thai || script === ScriptId.Hani || script === ScriptId.Kana;
}

/** Distinctive letter marker of c, or -1. */
export function markerOf(c: number): number {
  switch (c) {
    case 0x456:
    case 0x457:
    case 0x454:
    case 0x491:
    case 0x406:
    case 0x407:
    case 0x404:
    case 0x490:
      return Marker.Ukrainian;
    case 0x67e:
    case 0x686:
    case 0x698:
    case 0x6af:
    case 0x6cc:
    case 0x6a9:
      return Marker.Persian;
    case 0x679:
    case 0x688:
    case 0x691:
    case 0x6d2:
    case 0x6ba:
    case 0x6c1:
    case 0x6be:
      return Marker.Urdu;
    default:
      return -1;
  }
}

export interface LanguageGuess {
  /** ISO 639-1 code, 'und' when there are too few letters to tell. */
  lang: string;
  script: Script | 'Zyyy';
}

/** Language by script when nothing else tells (Han alone is Chinese: Japanese mixes in kana). */
const DEFAULT_LANG: Record<Script, string> = {
  Latn: 'en',
  Cyrl: 'ru',
  Grek: 'el',
  Arab: 'ar',
  Hebr: 'he',
  Deva: 'hi',
  Beng: 'bn',
  Thai: 'th',
  Hang: 'ko',
  Hani: 'zh',
  Jpan: 'ja',
};
/** Distinctive letters weigh as much as this many words. */
const MARKER_WEIGHT = 3;
const MARKER_LANG = ['uk', 'fa', 'ur'];

/**
 * Guess from per-script letter counts and, among the languages written in the dominant script, from
 * distinctive letters and per-language word hits (`hits`: function and intent words, English not
 * counted; `scriptOf`: each language's script). In Latin script another language needs at least two hits
 * and a tenth of the `words`, else the text is taken as English.
 */
export function guessLanguage(
  scripts: ArrayLike<number>,
  markers: ArrayLike<number>,
  hits: ReadonlyMap<string, number>,
  words: number,
  scriptOfLang: ReadonlyMap<string, Script>,
): LanguageGuess {
  let best = -1;
  let max = 0;
  for (let s = 0; s < ScriptId.COUNT; s++) {
    const n = s === ScriptId.Hani ? scripts[s]! + scripts[ScriptId.Kana]! : scripts[s]!;
    if (n > max) {
      max = n;
      best = s;
    }
  }
  if (best < 0 || max < 2) return { lang: 'und', script: 'Zyyy' };
  let script: Script = best === ScriptId.Kana ? 'Jpan' : SCRIPTS[best]!;
  // Japanese mixes kana into Han; Chinese has none.
  if (script === 'Hani' && scripts[ScriptId.Kana]! * 10 >= scripts[ScriptId.Hani]!) script = 'Jpan';
  let lang = DEFAULT_LANG[script];
  let score = script === 'Latn' ? Math.max(1, Math.ceil(words / 10) - 1) : 0;
  const scored = new Map<string, number>();
  for (const [l, n] of hits) if (scriptOfLang.get(l) === script) scored.set(l, n);
  MARKER_LANG.forEach((l, m) => {
    // Urdu also writes Persian's ی and ک: its own letters decide.
    if (l === 'fa' && markers[Marker.Urdu]! > 0) return;
    if (markers[m]! > 0 && scriptOfLang.get(l) === script) scored.set(l, (scored.get(l) ?? 0) + MARKER_WEIGHT * markers[m]!);
  });
  for (const [l, n] of scored) if (n > score) [lang, score] = [l, n];
  return { lang, script };
}
