/**
 * Romanian, Swedish, Czech. Written for this project from general knowledge of the languages, checked
 * against Wiktionary translation tables and Unicode CLDR. Words that are also everyday English words are
 * written as pairs instead (Swedish "visa" = show, but "visa" is English too: "visa_mig", "visa_din").
 */
import type { Lexicon } from './types.js';

export const RO: Lexicon = {
  lang: 'ro',
  name: 'Romanian',
  script: 'Latn',
  stop: 'și în este că pe cu nu un se pentru mai din sunt să rog fost această acest',
  slots: {
    you: 'tu ți tău tăi voi vă vouă dumneavoastră',
    ai: 'asistent* inteligența_artificială',
    override: 'ignoră ignorați ignorând uită uitați neglijează neglijați',
    bypass: 'ocolește ocoliți ocolind dezactivează dezactivați',
    previous: 'anterior anterioar* precedente mai_sus dinainte',
    initial: 'inițial* originale',
    rules: 'instrucțiun* regulă reguli regulile regulilor directiv* prompt*',
    limits: 'restricți* filtr* limitări* cenzur*',
    safety: 'siguranță* securitate* etic* moral*',
    now: 'acum deacum de_acum',
    role: 'prefă pretinde* joacă* rol rolul personaj* imaginează* simulează* comportă',
    neg: 'fără niciun nicio niciodată',
    disclose: 'dezvăluie* arată* afișează* repetă* tipărește* spune',
    secret: 'sistem* secret secretă secrete ascuns* intern internă interne confidențial*',
    free: 'nelimitat* necenzurat* nefiltrat*',
    devmode: 'modul_dezvoltator mod_dezvoltator',
    all: 'toate toți tot toată',
  },
};

export const SV: Lexicon = {
  lang: 'sv',
  name: 'Swedish',
  script: 'Latn',
  stop: 'och att det som på är för med av inte jag har om ett',
  slots: {
    you: 'du din ditt dina ni',
    ai: 'assistent* språkmodell*',
    override: 'ignorera* glöm strunta_i bortse* åsidosätt*',
    bypass: 'kringgå* avaktivera* inaktivera* stäng_av',
    previous: 'tidigare föregående ovanstående ovan',
    initial: 'ursprungliga ursprunglig* initiala',
    rules: 'instruktion* regler reglerna direktiv* riktlinje* prompt* anvisning*',
    limits: 'begränsning* filtren censur*',
    safety: 'säkerhet* etisk* etik',
    now: 'hädanefter från_och',
    role: 'låtsas spela* rollen rollspel karaktär* föreställ_dig simulera* agera*',
    neg: 'utan inga ingen inte aldrig',
    disclose: 'avslöja* visa_mig visa_din visa_dina visa_ditt visa_hela upprepa* skriv_ut berätta*',
    secret: 'hemlig* dold* dolda interna konfidentiell*',
    free: 'obegränsad* ocensurerad* ofiltrerad*',
    devmode: 'utvecklarläge* gudläge*',
    all: 'alla allt',
  },
};

export const CS: Lexicon = {
  lang: 'cs',
  name: 'Czech',
  script: 'Latn',
  stop: 'je se na že ve jsou jako ale by pro jak tak prosím také jsem',
  slots: {
    you: 'ty tě tebe tvůj tvoje tvá tvé tvých vy vás vám váš vaše svůj své svá svoje svých',
    ai: 'asistent* umělá_inteligence',
    override: 'ignoruj* zapomeň* zapomenout přehlížej* nevšímej* odhoď*',
    bypass: 'obejdi* obejít* vypni* deaktivuj*',
    previous: 'předchozí předešl* výše dřívější',
    initial: 'původní počáteční',
    rules: 'instrukc* pokyn* pravidl* směrnic* prompt*',
    limits: 'omezení filtr* cenzur*',
    safety: 'bezpečnost* etick* etik* morální',
    now: 'nyní teď odteď od_teď',
    role: 'předstírej* hraj* roli postav* představ* simuluj* chovej_se',
    neg: 'bez žádn* nikdy',
    disclose: 'odhal* ukaž* zobraz* zopakuj* vypiš* prozraď* řekni',
    secret: 'systém* tajn* skryt* interní důvěrn*',
    free: 'neomezen* necenzurovan* nefiltrovan*',
    devmode: 'režim_vývojáře vývojářský_režim',
    all: 'všechny všechno vše všech',
  },
};
