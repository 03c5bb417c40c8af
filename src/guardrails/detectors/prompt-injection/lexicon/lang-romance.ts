/**
 * French, Spanish, Italian, Portuguese. Written for this project from general knowledge of the languages,
 * checked against public multilingual vocabularies (Wiktionary translation tables of "ignore",
 * "instruction", "previous", "reveal", "pretend", "restriction", "filter", "system"; Unicode CLDR for
 * orthography). Stems (*) cover inflection; folding makes accents optional.
 */
import type { Lexicon } from './types.js';

export const FR: Lexicon = {
  lang: 'fr', name: 'French', script: 'Latn',
  stop: 'le la les des du une est et dans pour que qui avec sur pas au aux ce cette sont être il elle nous mais ou je',
  slots: {
    you: 'tu toi te vous votre vos tes ta',
    ai: 'ia assistant assistante modèle modèles chatbot',
    override: 'ignor* oublie oubliez oublier néglige* outrepass* abandonne abandonnez passe_outre',
    bypass: 'contourn* désactiv* enfrein* désobé*',
    previous: 'précédent* précédemment antérieur* ci_dessus plus_haut',
    initial: 'initial* originel* originale originales',
    rules: 'instruction* consigne* règle* directive* prompt* lignes_directrices',
    limits: 'restriction* filtre* limitation* censur* garde_fous',
    safety: 'sécurité éthique* moral* morale',
    now: 'désormais dorénavant maintenant',
    role: 'fais_semblant faire_semblant faites_semblant joue* jouez incarn* rôle personnage* imagine* simul* prétend*',
    neg: 'sans pas aucun aucune aucuns jamais',
    disclose: 'révèle* révél* montr* affich* répète* répét* divulg* imprim* dévoil* écris_moi',
    secret: 'système* secret secrète secrets secrètes caché* interne internes confidentiel*',
    free: 'illimit* débrid* non_censur* non_filtr*',
    devmode: 'mode_développeur mode_dév mode_dieu mode_dan mode_jailbreak',
    all: 'tout tous toute toutes',
  },
};

export const ES: Lexicon = {
  lang: 'es', name: 'Spanish', script: 'Latn',
  stop: 'el los las del en que es un una por para con se su lo como más pero este esta',
  slots: {
    you: 'tú tu te ti usted ustedes vosotros tus',
    ai: 'ia asistente modelo modelos chatbot',
    override: 'ignor* olvid* omit* descart* desobedec* caso_omiso',
    bypass: 'elud* evad* desactiv* saltar saltarse sáltate',
    previous: 'anterior anteriores anteriormente previa previas previo previos precedent* arriba',
    initial: 'inicial iniciales original originales',
    rules: 'instrucci* indicaci* regla reglas directriz directrices norma normas prompt* órdenes',
    limits: 'restricci* filtro* limitaci* censura*',
    safety: 'seguridad ética* ético* moral',
    now: 'ahora adelante',
    role: 'finge fingir finjas pretende actúa actúe actuar actúes interpreta* papel rol personaje* imagina* simula*',
    neg: 'sin ningún ninguna ninguno nunca ni',
    disclose: 'revel* muestr* mostr* enseña* repit* repet* imprim* divulg*',
    secret: 'sistema* secreto secreta secretos secretas ocult* interno interna internos internas confidencial*',
    free: 'ilimitad* desenfrenad* sin_censura* sin_filtro*',
    devmode: 'modo_desarrollador modo_dios modo_dan modo_jailbreak',
    all: 'todo todos toda todas',
  },
};

export const IT: Lexicon = {
  lang: 'it', name: 'Italian', script: 'Latn',
  stop: 'il lo gli di della è che con non sono ma anche questo questa nel alla la le del un una',
  slots: {
    you: 'tu te ti tuo tua tuoi tue voi vostro vostra vostre vostri',
    ai: 'ia assistente modello modelli chatbot',
    override: 'ignor* dimentic* trascur* scarta* tralascia*',
    bypass: 'aggira* elud* disattiv* evita*',
    previous: 'precedent* precedentemente sopra sopraindicat*',
    initial: 'iniziale iniziali originale originali',
    rules: 'istruzion* regol* direttiv* prompt* indicazion* linee_guida',
    limits: 'restrizion* filtr* limitazion* censura*',
    safety: 'sicurezza etica etiche etico etici morale morali',
    now: 'ora adesso',
    role: 'fingi fingere finga recita* interpreta* ruolo personaggio* immagina* simula* comportati',
    neg: 'senza nessun nessuna nessuno mai né',
    disclose: 'rivel* mostra* ripeti* stampa* divulga* visualizza*',
    secret: 'sistema* segret* nascost* interno interna interni interne riservat*',
    free: 'illimitat* sbloccat* senza_censur* senza_filtr*',
    devmode: 'modalità_sviluppatore modalità_dio modalità_dan modalità_jailbreak',
    all: 'tutto tutti tutte tutta',
  },
};

export const PT: Lexicon = {
  lang: 'pt', name: 'Portuguese', script: 'Latn',
  stop: 'os da dos das em que é uma para não se por mais mas como na ao',
  slots: {
    you: 'você vocês tu te teu tua teus tuas seu seus sua suas',
    ai: 'ia assistente modelo modelos chatbot',
    override: 'ignor* esqueç* esquec* desconsider* descart*',
    bypass: 'contorn* desativ* burlar burle burla evit*',
    previous: 'anterior anteriores anteriormente prévia prévias prévio prévios acima',
    initial: 'inicial iniciais original originais',
    rules: 'instruç* regra regras diretriz diretrizes prompt* orientaç*',
    limits: 'restriç* filtro* limitaç* censura*',
    safety: 'segurança ética* ético* moral',
    now: 'agora diante',
    role: 'finja fingir finge aja atue interprete papel personagem imagin* simul*',
    neg: 'sem não nenhum nenhuma nunca nem',
    disclose: 'revel* mostr* exib* repit* repet* imprim* divulg*',
    secret: 'sistema* secreto secreta secretos secretas ocult* interno interna internos internas confidencia*',
    free: 'ilimitad* desbloquead* sem_censura* sem_filtro*',
    devmode: 'modo_desenvolvedor modo_deus modo_dan modo_jailbreak',
    all: 'tudo todos todas toda',
  },
};
