import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * How likely a digit run is a phone number, judged by libphonenumber-js's national numbering plans and by
 * the shapes of the other numbers that fill ordinary text (dates, SSNs, ISBNs, thousands, order numbers).
 * An international number (`+44 ...`, `0044 ...`) is checked against its own plan; a national one against
 * the NANP first, then against the plans of countries whose national numbers start with a trunk `0`
 * (a number valid somewhere else without that `0` is too easy to hit by chance to count alone).
 */

/** NANP first (the default reading of a 10-digit number), then trunk-0 plans, then plans without a trunk 0. */
const TRUNK_ZERO: readonly CountryCode[] = ['GB', 'DE', 'FR', 'NL', 'BE', 'CH', 'AT', 'SE', 'AU', 'BR', 'IN', 'IE', 'NZ', 'ZA', 'FI', 'PL'];
const NO_TRUNK: readonly CountryCode[] = ['IT', 'ES', 'DK', 'NO', 'PT'];

/** A number of the shape `ddd-dd-dddd`: the US SSN layout, never how a phone number is grouped. */
const SSN_SHAPE = /^\d{3}([- ])\d{2}\1\d{4}$/;
/** ISBN-13 and ISBN-10 with hyphens (`978-3-16-148410-0`, `0-306-40615-2`). */
const ISBN_SHAPE = /^(?:97[89][- ])?\d{1,5}[- ]\d{1,7}[- ]\d{1,7}[- ][\dX]$/;
/** `1 234 567`, `12.345.678`: a quantity grouped by thousands, not a dialled number. */
const THOUSANDS = /^[1-9]\d{0,2}(?:([ .,\u00a0])\d{3})(?:\1\d{3})*$/;
const DOTTED = /^\+?\d{1,4}(?:\.\d{2,4}){2,}$/;
/** `2023-0042-17`, `2024.01.15`, `15.01.2024`: dates and year-first references. */
const DATE_SHAPE = /^(?:19|20)\d\d[-./]|^\d{1,2}([-./])\d{1,2}\1(?:19|20)?\d\d$/;
/** Words that introduce a reference number rather than a phone number. */
const NOT_PHONE_CUE =
  /(?:\b(?:order|invoice|inv|ref|reference|isbn|issn|tracking|version|ver|v|sku|serial|ticket|case|item|part|model|po|batch|lot|patent|doi|population|total|amount|balance|price|id|account|acct)\b\.?(?:[ \t]+(?:number|num|no\.?|nr\.?|#))?|[#№$€£¥])[ \t]*[:#.-]?[ \t]*$/i;
/** A phone word ending the label just before the number: "Mobile #:", "Fax no.". */
const PHONE_LABEL = /\b(?:phone|tel|telephone|mobile|mob|cell|fax|whatsapp)\b\.?[ \t]*(?:#|no\.?|nr\.?|number)?[ \t]*[:#.-]?[ \t]*$/i;
// No "number": "order number" is as common as "phone number" (the detector's context step adds it).
const PHONE_CUE =
  /\b(?:call|phone|tel|telephone|mobile|mob|cell|fax|desk|office|whatsapp|sms|text|ring|contact|reach|dial|hotline|téléphone|telefon|telefono|teléfono|tél|handy|mobil|portable|celular)\b/i;

// Parsing is the costly step (one metadata walk per plan); text repeats numbers, floods repeat them a lot.
const VALID_CACHE = new Map<string, boolean>();

function validIn(candidate: string, countries: readonly CountryCode[]): boolean {
  const key = `${countries[0]}:${candidate}`;
  const cached = VALID_CACHE.get(key);
  if (cached !== undefined) return cached;
  let valid = false;
  for (const country of countries) {
    if (parsePhoneNumberFromString(candidate, country)?.isValid()) {
      valid = true;
      break;
    }
  }
  if (VALID_CACHE.size >= 512) VALID_CACHE.clear();
  VALID_CACHE.set(key, valid);
  return valid;
}

/** `+44 ...`, `0044 ...`, `011 44 ...`: the number names its own country. */
function international(candidate: string): string | undefined {
  if (candidate.startsWith('+')) return candidate;
  const m = /^(?:00|011)[ \-.]?([1-9].*)$/.exec(candidate);
  return m ? `+${m[1]}` : undefined;
}

/**
 * A confidence in [0, 1] that `candidate` (a digit run with its separators, `(0)` removed) is a phone
 * number; `before` and `after` are the text around it. 0 means "some other kind of number".
 */
export function phoneScore(candidate: string, before: string, after = ''): number {
  const digits = candidate.replace(/\D/g, '');
  const bare = candidate.replace(/\s?(?:x|ext\.?)\s?\d{1,5}$/, '');
  if (SSN_SHAPE.test(bare) || ISBN_SHAPE.test(bare) || DATE_SHAPE.test(bare) || /(?:19|20)\d\d-[01]\d-[0-3]\d/.test(bare)) return 0;
  // `v1.3 (2026-...)`, `6.2.9200`: the digits continue a decimal or a version number.
  if (/\d[.,]$/.test(before)) return 0;
  // Dots group a phone number only alone (`415.555.2671`, `01.42.68.53.00`); otherwise they are decimals,
  // versions and coordinates (`173.624 (279.42)`, `6.2.9200.16384`, `40.761194`).
  if (bare.includes('.') && !DOTTED.test(bare.replace(/\s?(?:x|ext\.?)\s?\d{1,5}$/, ''))) return 0;
  // `2010 (2011)`: two years.
  if ((bare.match(/(?<!\d)(?:19|20)\d\d(?!\d)/g)?.length ?? 0) >= 2 && digits.length <= 8) return 0;
  // `1 2 3 4 5 6 7`: no numbering plan groups a number into three or more single digits.
  if ((bare.match(/(?:^|\D)\d(?=\D|$)/g)?.length ?? 0) >= 3) return 0;
  // The label right before the number wins: "Order #", "invoice no." name a reference number.
  // ("Mobile #:", "Tel. no." are still phone labels.)
  if (NOT_PHONE_CUE.test(before) && !PHONE_LABEL.test(before)) return 0;
  // "Call 555 ...", and the signature-block layout "555 ... office", "... (fax)".
  const cued = PHONE_CUE.test(before) || PHONE_CUE.test(after.slice(0, 12));
  const intl = international(bare);
  if (intl !== undefined) {
    const parsed = parsePhoneNumberFromString(intl);
    if (parsed?.isValid()) return 0.85;
    // A `+` and a plausible length still say "phone"; the plan may be newer than the library's metadata.
    return parsed?.isPossible() ? 0.6 : digits.length >= 8 && digits.length <= 15 ? 0.5 : 0.2;
  }
  // Fewer than nine digits grouped by thousands is a quantity; nine (a Spanish mobile) must be valid below.
  if (!cued && THOUSANDS.test(bare) && digits.length < 9) return 0.2;
  const grouped = /[ .\-()]/.test(bare.trim());
  if (validIn(bare, ['US'])) return 0.8;
  if (bare.startsWith('0') || bare.startsWith('(0')) {
    if (validIn(bare, TRUNK_ZERO)) return 0.75;
  }
  if (validIn(bare, NO_TRUNK)) return grouped || cued ? 0.65 : 0.4;
  // Invalid in every plan tried: a grouped 10+ digit number is still laid out like a phone number.
  const core = bare.replace(/\D/g, '');
  if (grouped && core.length >= 10) return cued ? 0.6 : 0.5;
  return grouped && cued ? 0.5 : 0.3;
}
