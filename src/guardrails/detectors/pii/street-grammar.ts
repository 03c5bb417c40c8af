import { COMMON_WORDS } from './common-words.js';

/**
 * The grammar of a street address, parsed left to right with sticky regexes (no backtracking across
 * parts): street words ending in a suffix ("Road") or followed by a house number (continental "Hauptstraße
 * 12"), units ("Apt. 4"), then a tail of city / region / postcode / country segments split by commas or line
 * breaks. address.ts finds where addresses start and scores them.
 */

const SUFFIX =
  'Street|St|Str|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Square|Sq|Squares|Way|Terrace|Ter|Parkway|Pkwy|Highway|Hwy|Freeway|Expressway|Circle|Cir|Trail|Trl|Crescent|Cres|Close|Park|Parks|Point|Points|Pt|Island|Islands|Isle|Heights|Hts|Gardens|Gdns|Grove|Hill|Hills|Row|Walk|Mews|Green|Greens|Plaza|Alley|Loop|Run|Pass|Path|Pike|Ridge|Ridges|Port|Estate|Estates|Ville|Mill|Mills|Falls|Manor|Manors|Meadow|Meadows|Spring|Springs|View|Views|Crossing|Xing|Junction|Center|Centre|Shore|Shores|Harbor|Harbour|Creek|Brook|Brooks|Valley|Vista|Summit|Station|Bridge|Bypass|Causeway|Cove|Coves|Canyon|Cliff|Cliffs|Common|Commons|Corner|Corners|Dale|Dam|Divide|Extension|Extensions|Field|Fields|Flat|Flats|Ford|Fords|Forest|Forge|Forges|Fork|Forks|Fort|Freeway|Gateway|Glen|Glens|Haven|Hollow|Inlet|Key|Keys|Knoll|Knolls|Lake|Lakes|Landing|Light|Lights|Lock|Locks|Lodge|Mall|Mission|Motorway|Mount|Mountain|Neck|Orchard|Oval|Overpass|Parade|Pines|Plain|Plains|Prairie|Quay|Radial|Ranch|Rapid|Rapids|Rest|Route|Shoal|Shoals|Skyway|Spur|Stravenue|Stream|Throughway|Trace|Track|Trafficway|Tunnel|Turnpike|Underpass|Union|Unions|Via|Viaduct|Village|Villages|Well|Wells|Wharf|Wynd|Embankment|Gate|Rise|Broadway|Quadrant|Esplanade|Promenade';
export const STREET_SUFFIX = new RegExp(`^(?:${SUFFIX})$`, 'i');
/** Street types written before the name: continental Europe, Latin America, Greece. */
export const PREFIX = String.raw`Rua|Rúa|Rue|Via|Viale|Vicolo|Piazza|Piazzale|Largo|Corso|Strada|Avenida|Av\.?|Avda\.?|C\/|Calle|Carrer|Camino|Paseo|Plaza|Pra[çc]a|Travessa|Estrada|Rodovia|Alameda|Chemin|Boulevard|Bd\.?|Allée|Impasse|Quai|ul\.|ulica|ulice|al\.|Aleja|Aleje|náměstí|nám\.|trg|Λεωφόρος|Οδός|Πλατεία`;
export const EURO_STREET =
  /^\p{Lu}[\p{L}\p{M}-]*(?:straße|strasse|str\.|gasse|weg|vej|vägen|gatan|gata|veien|vegen|gate|gade|laan|straat|gracht|plein|kade|dreef|singel|tie|katu|kuja|polku|raitti|väylä|braut|stræti|vegur|ulica|cesta|utca|út|tér|körút|allee|platz|damm|ufer|markt|stien|bakken|vænget|stræde|svinget|tee|põik)$/iu;
/** Capitalised words that follow a number in ordinary prose ("Table 3", "Chapter 2"), never a street. */
export const NOT_STREET =
  /^(?:Table|Figure|Fig|Chapter|Section|Page|Step|Part|Version|Level|Item|Line|Row|Column|Episode|Season|Volume|Vol|Grade|Class|Phase|Stage|Round|Game|Rule|Article|Appendix|Option|Question|Lesson|Unit|Room|Gate|Platform|Track|Exhibit|Slide|Days?|Hours?|Minutes?|Weeks?|Months?|Years?|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July|August|September|October|November|December|AM|PM|USD|EUR|GBP|GB|MB|KB|TB|Mbps|Kg|Km|Mi|Cm|Mm|Percent|Players?|People|Users?|Times?)$/;

const SPACE = /[ \t]+/y;
const STREET_WORD =
  /(?:\p{Lu}[\p{L}\p{M}'’-]*\.?|\d{1,3}(?:st|nd|rd|th)\b|(?:de|del|della|dei|degli|da|do|dos|das|di|du|des|la|le|les|van|von|der|den|het|ter|ten|u\.|ul\.|al\.|v|z|ze|na|nad|pod|y|e|am|an|im|zum|zur|el|al|str\.?|st\.?|tee|vej|vei|veien|vegen|gade|gate|gata|gatan|gasse|weg|laan|straat|strasse|straße|terrasse|plass|torg|utca|út|útja|tér|körút|ulica|cesta|allé|rue|avenue|via|calle|rua|fejedelem)(?=[ \t]))/uy;
const LOWER_WORD = /\p{Ll}[\p{L}\p{M}'’-]*\.?/uy;
// `10/12`, `846/1`: Polish and Czech house numbers carry a second number after a slash.
const HOUSE_NUMBER = /\d{1,4}[A-Za-z]?(?:\/\d{1,4}[A-Za-z]?)?\b\.?/y;
const UNIT = /[ \t]*,?[ \t]*(?:\r?\n[ \t>]*)?(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|Room|Rm|Bldg|Building|Office|#)\.?[ \t]*#?\d{1,5}[A-Za-z]?\b/iy;
const SEP = /[ \t]*(?:,[ \t]*)?(?:\r?\n[ \t>]*)?(?:,[ \t]*)?/y;
// `1100-053` (PT), `00-590` (PL), `01310-200` (BR) besides ZIP+4, UK, Canadian, Dutch and plain digits.
const POSTCODE =
  /(?:\d{5}-\d{4}|\d{4}-\d{3}|\d{2}-\d{3}|\d{5}-\d{3}|\d{3} \d{2}(?!\d)|[A-Z]\d[A-Z] ?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|\d{4} ?[A-Z]{2}(?![\p{L}])|[A-Z]{1,2}-\d{4,5}|\d{4,6})\b(?![ \t]*[\d(+-])/uy;
// `\b` is ASCII-only: without the letter lookahead, `SPÅNGA` and `ÖREBRO` would end after `SP` and `Ö`.
const STATE = /[A-Z]{2,3}(?![\p{L}\p{M}\d])(?![.'’-]\p{L})/uy;
const PLACE_WORD =
  /(?:\p{Lu}[\p{L}\p{M}'’.-]*(?![\p{L}\p{M}\d])|\((?:\p{Lu}[\p{L}\p{M}'’.-]*[ ]?){1,3}\)|(?:de|del|da|do|dos|das|di|la|le|les|el|am|an|im|en|sur|nad|pod|u|v|van|von|of|y|i|upon|on)(?=[ ]\p{Lu}))/uy;
const PLACE_WORD_LOWER = /(?:\p{L}[\p{L}\p{M}'’.-]*|\((?:\p{L}[\p{L}\p{M}'’.-]*[ ]?){1,3}\))/uy;
export const COMMON_CAP =
  /^(?:I|The|This|That|These|Those|It|We|You|He|She|They|My|Our|Your|His|Her|Their|A|An|And|Or|But|If|Then|So|Please|Thanks|Thank|Call|Contact|Mobile|Phone|Tel|Fax|Desk|Email|Office|Home|Work|Cell|Date|Name|Address|Note|Regards|Best|Sincerely|Dear|Hi|Hello|Hey|Yes|No|Ok|OK|Also|Meet|See|Send|Ship|When|Where|What|Who|How|Why|Is|Are|Was|Were|Do|Does|Did|Can|Could|Will|Would|Should|Let|Let's|Just|For|From|To|In|On|At|By|With|Of|As|Mr|Mrs|Ms|Dr|Suite|Apt|Apartment|Unit|Flat|Floor|Room|Box|Mobile|Phone|Fax|Desk|Office|Tel)$/;

export function sticky(re: RegExp, text: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(text);
}

interface Street {
  end: number;
  words: number;
  suffix: boolean;
  houseNumber: boolean;
  firstWord: string;
}

const NAME_AFTER = /^[ \t]+(\p{Lu}[\p{L}\p{M}'’-]*)(?:[ \t]+(\p{Lu}[\p{L}\p{M}'’-]*))?/u;

/**
 * "Cheriton Dr", "Cheriton Dr Reuquén Extensions": after a street word, "Dr" (also in COMMON_CAP as a title)
 * is Drive unless a name follows it that is not itself part of the street ("5 Miles Dr Smith said").
 */
function suffixNotTitle(text: string, end: number): boolean {
  const next = NAME_AFTER.exec(text.slice(end, end + 60));
  return next === null || STREET_SUFFIX.test(next[1] as string) || STREET_SUFFIX.test(next[2] ?? '');
}

/** Street types after which French, Spanish and Portuguese names go on in lower case ("rue des lilas"). */
export const LOWER_NAME_TYPE = /^(?:rue|calle|rua|avenida|chemin|allée|impasse|quai|travessa|carrer|camino|paseo)$/i;
const NAME_GOES_ON = /^(?:[ \t]*(?:[,\n]|$)|[ \t]+[\p{Lu}\d])/u;

/**
 * Street words (up to six) from pos, then an optional house number and an optional trailing suffix. After a
 * street type of LOWER_NAME_TYPE (`lowerNames`), lower-case words may name the street as long as the name
 * ends at a comma, a line end or a capitalised word or number, not in the middle of a sentence.
 */
export function parseStreet(text: string, pos: number, lowerCase: boolean, lowerNames = false): Street | null {
  let end = pos;
  let words = 0;
  let lowerWords = 0;
  let firstWord = '';
  // End of the street at its last suffix word: "Forrest Hill Road" ends at "Road", not at "Hill".
  let suffixEnd = -1;
  let lastWord = '';
  while (words < 6) {
    const sp = words === 0 ? '' : sticky(SPACE, text, end)?.[0];
    if (sp === undefined) break;
    const named = sticky(STREET_WORD, text, end + sp.length);
    const w = named ?? (lowerCase || (lowerNames && lowerWords < 3) ? sticky(LOWER_WORD, text, end + sp.length) : null);
    if (!w) break;
    const word = w[0].replace(/\.$/, '');
    if ((lowerCase || !named) && COMMON_WORDS.has(word) && !STREET_SUFFIX.test(word)) break;
    if (!named && !lowerCase) lowerWords++;
    if (COMMON_CAP.test(word) && !(words > 0 && STREET_SUFFIX.test(word) && suffixNotTitle(text, end + sp.length + w[0].length))) break;
    if (words === 0) firstWord = word;
    end += sp.length + w[0].length;
    words++;
    if (STREET_SUFFIX.test(word) && words > 1) {
      suffixEnd = end;
      lastWord = word;
    }
  }
  if (words === 0 || (lowerWords > 0 && !NAME_GOES_ON.test(text.slice(end, end + 3)))) return null;
  const suffix = suffixEnd >= 0;
  if (suffix) {
    end = suffixEnd;
    // "Main Street North", "Elm St SE": a direction may follow the suffix.
    const dir = sticky(/[ \t]+(?:North|South|East|West|N|S|E|W|NE|NW|SE|SW)\b\.?/y, text, end);
    if (dir) end += dir[0].length;
  }
  let houseNumber = false;
  const gap = sticky(SPACE, text, end)?.[0] ?? '';
  // Continental streets put the number after the name, also after "Str." ("Koepenicker Str. 74").
  const num = gap === '' || (suffix && !/^(?:Str|Strasse|Straße)$/i.test(lastWord)) ? null : sticky(HOUSE_NUMBER, text, end + gap.length);
  if (num) {
    end += gap.length + num[0].length;
    houseNumber = true;
  }
  const suf = houseNumber ? sticky(/[ \t]+(?:St|Street|Str|Rd|Road|Ave|Avenue)\b\.?/iy, text, end) : null;
  if (suf) end += suf[0].length;
  return { end, words, suffix: suffix || suf !== null, houseNumber, firstWord };
}

/** Units, then up to five city / region / postcode / country segments. Returns the new end. */
export function parseTail(text: string, pos: number, lowerCase: boolean, spaceTail: boolean): number {
  let end = pos;
  for (let u = sticky(UNIT, text, end); u && u[0].length > 0; u = sticky(UNIT, text, end)) {
    end += u[0].length;
    spaceTail = true;
  }
  for (let seg = 0; seg < 5; seg++) {
    const unit = sticky(UNIT, text, end);
    if (unit && unit[0].length > 0) {
      end += unit[0].length;
      spaceTail = true;
      continue;
    }
    const sep = sticky(SEP, text, end)?.[0] ?? '';
    const separated = /[,\n]/.test(sep);
    if (!separated && !(spaceTail && /^[ \t]+$/.test(sep))) break;
    const at = end + sep.length;
    const code = sticky(POSTCODE, text, at) ?? (lowerCase ? null : sticky(STATE, text, at));
    if (code) {
      end = at + code[0].length;
      // "75002 Paris", "1165 København K": a city follows its postcode after a space.
      if (/\d/.test(code[0])) spaceTail = true;
      // "DC 20500", "NSW 2000": a region code and its postcode on one line.
      const zip = /^[A-Z]/.test(code[0]) ? sticky(/[ \t]+/y, text, end) : null;
      const post = zip ? sticky(POSTCODE, text, end + zip[0].length) : null;
      if (zip && post) end += zip[0].length + post[0].length;
      continue;
    }
    const wordRe = lowerCase ? PLACE_WORD_LOWER : PLACE_WORD;
    let p = at;
    let words = 0;
    while (words < 5) {
      const sp = words === 0 ? '' : sticky(/[ ]|-/y, text, p)?.[0];
      if (sp === undefined) break;
      const w = sticky(wordRe, text, p + sp.length);
      if (!w || COMMON_CAP.test(w[0].replace(/[.,]$/, '')) || (lowerCase && COMMON_WORDS.has(w[0]))) break;
      p += sp.length + w[0].length;
      words++;
    }
    // A line that ends in ":" is a label ("Mobile: ..."), not a city.
    if (words === 0 || /^[ \t]*:/.test(text.slice(p, p + 3))) break;
    // A new line whose capitalised first word runs on into lower-case words or a quote is a sentence
    // ("CA 94105\nAdd "Always ..." to your reply"), not a city or country line; an all-capitals city
    // line ("ASKER nan 1386") is still a city.
    if (!lowerCase && sep.includes('\n') && /^\p{Lu}\p{Ll}/u.test(text.slice(at, at + 2)) && /^[ \t]*["“]|^[ \t]+\p{Ll}/u.test(text.slice(p, p + 3))) break;
    if (!separated && words > 3) break;
    end = p;
    const trailing = sticky(
      /[ \t]+(?:[A-Z]{2,3}[ \t]+)?(?:\d{3} \d{2}(?!\d)|\d{4,6}(?:-\d{4})?|[A-Z]\d[A-Z] ?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\b/y,
      text,
      end,
    );
    if (trailing) end += trailing[0].length;
    spaceTail = false;
  }
  return end;
}

export function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /[\s,>]/.test(text[e - 1] ?? '')) e--;
  // A sentence's full stop after a city or state ("... OULU NO."), not an abbreviation's ("St.").
  if (
    text[e - 1] === '.' &&
    /(?:\p{Lu}{2,}|\p{L}{4,})\.$/u.test(text.slice(Math.max(start, e - 8), e)) &&
    !/(?:Str|Ave|Blvd|Apt)\.$/.test(text.slice(start, e))
  )
    e--;
  return e;
}
