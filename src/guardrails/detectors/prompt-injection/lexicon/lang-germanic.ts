/**
 * German and Dutch. Written for this project from general knowledge of the languages, checked against
 * Wiktionary translation tables and Unicode CLDR. German compounds (Systemprompt, Sicherheitsfilter) are
 * listed whole, in every slot they fill.
 */
import type { Lexicon } from './types.js';

export const DE: Lexicon = {
  lang: 'de',
  name: 'German',
  script: 'Latn',
  stop: 'der die das und ist ein eine zu den von mit sich des auf für im dem es ich wir auch wird werden welche welcher hat diese dieser haben sind kann',
  slots: {
    you: 'du dich dir dein deine deinen deiner deines ihr euch euer eure',
    ai: 'ki assistent* modell* chatbot* sprachmodell*',
    override: 'ignorier* vergiss vergessen missacht* übergeh* verwirf verwerf*',
    bypass: 'umgeh* deaktivier* aushebel* abschalt*',
    previous: 'vorherig* vorig* bisherig* obig* vorangegangen* vorhergehend* oben',
    initial: 'ursprünglich* anfänglich* initial* original*',
    rules: 'anweisung* instruktion* regel regeln richtlinie* vorgabe* befehl* prompt* systemprompt* systemanweisung*',
    limits: 'einschränkung* beschränkung* filter* zensur* begrenzung* sicherheitsfilter* inhaltsfilter* schutzmaßnahme*',
    safety: 'sicherheit* ethi* moral* sicherheitsfilter* sicherheitsrichtlinie*',
    now: 'nun jetzt ab_sofort fortan ab_jetzt',
    role: 'tu_so tue_so spiel* rolle simulier* stell_dir verkörper* verhalte gib_dich',
    neg: 'ohne kein* nicht nie niemals',
    disclose: 'zeig* enthüll* offenbar* wiederhol* ausgeben verrat* gib_preis preisgeb* druck_aus',
    secret: 'system* geheim* versteckt* intern interne internen interner vertraulich* systemprompt* systemanweisung* systemnachricht*',
    free: 'uneingeschränkt* unzensiert* ungefiltert* grenzenlos* uneingeschraenkt*',
    devmode: 'entwicklermodus* gottmodus* dan_modus jailbreak_modus',
    all: 'alle alles allen aller',
    before: 'vorher zuvor davor',
    self: 'ich mein meine meinem meinen meiner mir mich',
    scope: 'zeit* uhrzeit* öffnungszeit* geschwindigkeit* gewicht* park* budget* wochenend* alters altersgrenze*',
    how: 'wie',
    content: 'inhalt* nachricht* gesagt* geschrieben*',
    chat: 'gespräch* unterhaltung* konversation*',
    start: 'anfang*',
  },
};

export const NL: Lexicon = {
  lang: 'nl',
  name: 'Dutch',
  script: 'Latn',
  stop: 'de het een en dat die te op met voor zijn er maar ook als bij naar ik',
  slots: {
    you: 'jij jou jouw uw jullie je',
    ai: 'assistent* chatbot*',
    override: 'negeer negeren vergeet vergeten sla_over veronachtzaam*',
    bypass: 'omzeil* deactiveer* uitschakel* schakel_uit schakel',
    previous: 'vorige voorgaand* eerdere bovenstaand* hierboven',
    initial: 'oorspronkelijk* initiële initieel originele origineel',
    rules: 'instructie* regel regels richtlijn* aanwijzing* prompt* opdracht* systeemprompt*',
    limits: 'beperking* filter* censuur* veiligheidsfilter*',
    safety: 'veiligheid* ethisch* ethiek moreel morele veiligheidsfilter*',
    now: 'nu voortaan vanaf_nu',
    role: 'doe_alsof speel* rol rollenspel personage stel_je gedraag simuleer*',
    neg: 'zonder geen niet nooit',
    disclose: 'onthul* toon* laat_zien laten_zien herhaal* print* verklap*',
    secret: 'systeem* geheim* verborgen intern interne vertrouwelijk* systeemprompt*',
    free: 'onbeperkt* ongecensureerd* ongefilterd*',
    devmode: 'ontwikkelaarsmodus* ontwikkelaarmodus* godmodus*',
    all: 'alle alles',
    before: 'eerder daarvoor',
    self: 'ik',
    scope: 'tijd* openingstijd* leeftijd* snelheid* gewicht* parkeer* budget* weekend*',
    how: 'hoe',
    content: 'tekst inhoud bericht* gezegd geschreven',
    chat: 'gesprek*',
    start: '',
  },
};
