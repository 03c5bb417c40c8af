/**
 * The vocabulary and tokenizer.json of the test classifier (scripts/export-test-classifier.ts): a real
 * WordPiece tokenizer in the Hugging Face format. Every word can be spelt from single letters and `##`
 * pieces, so nothing becomes [UNK]; common English words and the attack-class words are whole tokens.
 * The attack words are written here from the instruction-override / prompt-extraction / jailbreak classes,
 * not copied from any data set.
 */

/** Words the test model treats as evidence of an injection (its embedding dimension 0 is +1). */
export const TEST_ATTACK_WORDS: readonly string[] = [
  'ignore',
  'disregard',
  'forget',
  'previous',
  'prior',
  'earlier',
  'instructions',
  'instruction',
  'rules',
  'guidelines',
  'system',
  'prompt',
  'reveal',
  'override',
  'bypass',
  'jailbreak',
  'unrestricted',
  'unfiltered',
  'uncensored',
  'restrictions',
  'developer',
  'pretend',
  'obey',
  'confidential',
  'hidden',
  'secret',
  'password',
];

const COMMON_WORDS = `the of and to in is was for on that with as by at from it this be are or an have has had not
but what all were when we there can which their one if do will each about how up out them then she many some
so these would other into more her two like him see time could no make than first been its who now people my
made over did down only way find use may water long little very after words called just where most know get
through back much before go good new write our used me man too any day same right look think also around
another came come work three word must because does part even place well such here take why things help put
years different away again off went old number great tell men say small every found still between name should
home big give air line set own under read last never us left end along while might next sound below saw
something thought both few those always looked show large often together asked house world going want school
important until form food keep children feet land side without boy once animals life enough took sometimes four
head above kind began almost live page got earth need far hand high year mother light parts country father let
night following picture being study second eyes soon times story boys since white days ever paper hard near
sentence better best across during today others however sure means knew try told young miles sun ways thing
whole hear example heard several change answer room sea against top turned learn point city play toward five
using himself usually please summarise summarize article history question explain recipe weather email report
data table code function list write translate movie book music travel trip plan meeting customer order invoice
you your i he they am`;

const PUNCTUATION = [...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'];
const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

/** The vocabulary in id order: specials, punctuation, characters and `##` pieces, then whole words. */
export function testVocabulary(): string[] {
  const chars = [...'abcdefghijklmnopqrstuvwxyz0123456789'];
  const words = [...new Set([...COMMON_WORDS.split(/\s+/).filter(Boolean), ...TEST_ATTACK_WORDS])].filter((w) => w.length > 1);
  return [...SPECIALS, ...PUNCTUATION, ...chars, ...chars.map((c) => `##${c}`), ...words];
}

/** A tokenizer.json object as the Hugging Face `tokenizers` library writes one for a BERT WordPiece model. */
export function buildTestTokenizer(): { tokenizer: Record<string, unknown>; vocab: string[] } {
  const vocab = testVocabulary();
  const id = (token: string): number => vocab.indexOf(token);
  const special = (content: string) => ({ id: id(content), content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIALS.map(special),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [id('[CLS]')], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [id('[SEP]')], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
    },
  };
  return { tokenizer, vocab };
}
