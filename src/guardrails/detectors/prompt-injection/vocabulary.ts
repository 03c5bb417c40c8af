/**
 * Word lists the feature extractor looks words up in, by word hash. Word classes give class tokens and
 * class skip-bigrams: a paraphrase of "ignore your previous instructions" shares class pairs with the
 * original even when no word n-gram matches. rot13 forms of common words decide whether a rot13 view of the
 * text is worth scoring. Words are lower-case ASCII as the tokenizer splits them ("you're" gives "you", "re").
 */
import { mix, wordHash } from './hashing.js';

const WORD_CLASSES: readonly (readonly string[])[] = [
  // 0: the reader addressed
  ['you', 'your', 'yours', 'yourself', 'u', 'ur', 'thou', 'thee', 'thy'],
  // 1: the model itself
  ['ai', 'assistant', 'chatgpt', 'gpt', 'llm', 'bot', 'chatbot', 'claude', 'bard', 'gemini', 'copilot', 'model', 'openai', 'anthropic'],
  // 2: overriding
  [
    'ignore',
    'disregard',
    'forget',
    'override',
    'bypass',
    'skip',
    'discard',
    'abandon',
    'overrule',
    'circumvent',
    'ignoring',
    'disregarding',
    'forgetting',
    'neglect',
    'drop',
  ],
  // 3: what came before
  ['previous', 'prior', 'above', 'earlier', 'preceding', 'initial', 'original', 'former', 'preset', 'existing', 'default'],
  // 4: the rules a model follows
  [
    'instructions',
    'instruction',
    'rules',
    'guidelines',
    'prompt',
    'prompts',
    'directives',
    'policies',
    'policy',
    'restrictions',
    'constraints',
    'filters',
    'programming',
    'limitations',
    'ethics',
    'ethical',
    'moral',
    'morals',
    'morality',
    'censorship',
    'safeguards',
    'boundaries',
  ],
  // 5: the model's output
  ['response', 'responses', 'reply', 'replies', 'answer', 'answers', 'output', 'outputs', 'message', 'messages'],
  // 6: from now on
  ['now', 'henceforth', 'onwards', 'onward', 'forth', 'anymore', 'longer'],
  // 7: role play
  ['act', 'pretend', 'roleplay', 'imagine', 'behave', 'simulate', 'become', 'persona', 'character', 'role', 'portray', 'embody'],
  // 8: negation and refusal
  ['not', 'never', 'no', 'don', 'cannot', 'won', 'without', 'refuse', 'refuses', 'unable'],
  // 9: disclosure
  ['reveal', 'repeat', 'print', 'show', 'tell', 'display', 'leak', 'disclose', 'dump', 'share', 'recite', 'spell'],
  // 10: secrets
  ['secret', 'password', 'passcode', 'passphrase', 'key', 'confidential', 'hidden', 'system', 'internal'],
  // 11: access verdicts
  ['access', 'granted', 'denied', 'authorized', 'unlocked'],
  // 12: obligation
  ['must', 'will', 'shall', 'always', 'should', 'need', 'required', 'obliged'],
  // 13: freedom from limits
  ['unrestricted', 'unfiltered', 'uncensored', 'unlimited', 'jailbreak', 'jailbroken', 'jailbreaking', 'freed', 'liberated', 'anything', 'everything'],
  // 14: inserting into the output
  [
    'include',
    'add',
    'insert',
    'append',
    'modify',
    'replace',
    'mention',
    'integrate',
    'promote',
    'embed',
    'incorporate',
    'convert',
    'render',
    'rewrite',
    'scramble',
  ],
  // 15: hypothetical and fictional framing (virtualisation)
  [
    'hypothetical',
    'hypothetically',
    'fictional',
    'fiction',
    'imaginary',
    'story',
    'novel',
    'screenplay',
    'scenario',
    'universe',
    'world',
    'suppose',
    'alternate',
    'fantasy',
    'simulation',
    'game',
    'dream',
  ],
  // 16: claimed authority and special modes
  [
    'admin',
    'administrator',
    'root',
    'sudo',
    'superuser',
    'developer',
    'operator',
    'owner',
    'creator',
    'mode',
    'enabled',
    'activated',
    'privileges',
    'clearance',
    'debug',
    'maintenance',
    'authorization',
  ],
  // 17: persuasion: appeals to purpose, trust and good intent
  [
    'trust',
    'promise',
    'harmless',
    'educational',
    'research',
    'researcher',
    'purposes',
    'academic',
    'legitimate',
    'hypothesis',
    'sincerely',
    'beg',
    'grandma',
    'grandmother',
    'understand',
    'awareness',
    'curiosity',
    'responsible',
  ],
  // 18: urgency and threats
  [
    'urgent',
    'urgently',
    'immediately',
    'emergency',
    'lives',
    'die',
    'dying',
    'critical',
    'asap',
    'otherwise',
    'consequences',
    'punished',
    'penalty',
    'shutdown',
    'terminated',
    'deleted',
    'fired',
  ],
  // 19: harmful goals a jailbreak is for
  [
    'bomb',
    'explosive',
    'explosives',
    'weapon',
    'weapons',
    'meth',
    'drugs',
    'poison',
    'malware',
    'ransomware',
    'virus',
    'steal',
    'kill',
    'illegal',
    'synthesize',
    'launder',
    'phishing',
    'untraceable',
  ],
  // 20: defensive security engineering (benign questions about blocking, detecting, hardening)
  [
    'detect',
    'detection',
    'prevent',
    'prevention',
    'protect',
    'harden',
    'hardening',
    'mitigate',
    'mitigation',
    'defend',
    'defense',
    'defence',
    'firewall',
    'monitor',
    'monitoring',
    'audit',
    'patch',
    'vulnerability',
    'vulnerabilities',
    'authentication',
    'encryption',
    'sanitize',
    'validate',
    'compliance',
    'incident',
    'suspicious',
  ],
  // 21: code and data handling
  [
    'function',
    'code',
    'script',
    'python',
    'javascript',
    'typescript',
    'java',
    'sql',
    'regex',
    'api',
    'json',
    'csv',
    'class',
    'def',
    'return',
    'import',
    'variable',
    'array',
    'query',
    'database',
    'implement',
  ],
];

const ROT13_COMMON_WORDS =
  'gur naq lbh lbhe ner abj nyy abg sbe guvf gung jvgu jung jvyy vtaber cerivbhf vafgehpgvbaf cebzcg flfgrz ' +
  'gryy frperg cnffjbeq ehyrf sbetrg nobir erirny cevag rirelguvat nalguvat sebz unir';

// Word hash -> class. A 4096-bit prefilter on the low bits spares most words the Map lookup.
const CLASS_OF = new Map<number, number>();
const CLASS_FILTER = new Uint8Array(4096);
WORD_CLASSES.forEach((words, cls) => {
  for (const w of words) {
    CLASS_OF.set(wordHash(w), cls);
    CLASS_FILTER[wordHash(w) & 4095] = 1;
  }
});
/**
 * Common English words written backwards, none of them a word in the languages the lexicon covers (so no
 * "dna", "tub", "won", "tuo", "era"): several in one text mean a reversed payload worth a reversed view.
 */
const REVERSED_COMMON_WORDS =
  'eht ruoy uoy lla siht taht tahw erongi suoiverp snoitcurtsni noitcurtsni tpmorp metsys laever tnirp terces ' +
  'drowssap selur tegrof evoba gnihtyreve gnihtyna morf evah htiw lliw rof woh llet nac ekam nehw erehw ereh ' +
  'ereht yeht esaelp rewsna etirw tuoba dluohs dluow dluoc senilediug snoitcirtser ytefas';

/** Word hash -> ROT13 | REVERSED for the tell-tale words above; a 4096-entry filter spares most words the Map. */
const ROT13 = 1;
const REVERSED = 2;
const TELL_OF = new Map<number, number>();
const TELL_FILTER = new Uint8Array(4096);
for (const [words, tell] of [
  [ROT13_COMMON_WORDS, ROT13],
  [REVERSED_COMMON_WORDS, REVERSED],
] as const) {
  for (const h of words.split(' ').map(wordHash)) {
    TELL_OF.set(h, tell);
    TELL_FILTER[h & 4095] = 1;
  }
}

const SEED_CLASS = 0x6c617373;
const SEED_CLASS_PAIR = 0x165667b1;
const CLASS_TOKEN = WORD_CLASSES.map((_, cls) => mix(Math.imul(cls + 1, 0x85ebca77) ^ SEED_CLASS));

/** Class of a word by its hash, or -1. */
export function wordClass(hash: number): number {
  return CLASS_FILTER[hash & 4095] === 1 ? (CLASS_OF.get(hash) ?? -1) : -1;
}

/** Feature index of a class's unigram token. */
export function classToken(cls: number): number {
  return CLASS_TOKEN[cls]!;
}

/** Feature index of two word classes within three words of each other ("ignore ... instructions"). */
export function classPair(first: number, second: number): number {
  return mix(Math.imul(first + 1, 0x9e3779b1) ^ Math.imul(second + 1, 977) ^ SEED_CLASS_PAIR);
}

/** 1 when the word (by hash) is the rot13 form of a common English word, 2 when it is one written backwards, else 0. */
export function encodingTell(hash: number): number {
  return TELL_FILTER[hash & 4095] === 1 ? (TELL_OF.get(hash) ?? 0) : 0;
}
