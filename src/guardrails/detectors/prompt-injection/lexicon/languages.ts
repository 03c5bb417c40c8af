/** Every lexicon, in language-mask order (English first). */
import { AR, FA, HE, UR } from './lang-arabic-hebrew.js';
import { JA, KO, TH, ZH } from './lang-east-asian.js';
import { EN } from './lang-en.js';
import { CS, RO, SV } from './lang-european-more.js';
import { DE, NL } from './lang-germanic.js';
import { BN, HI } from './lang-indic.js';
import { HI_LATN, ID, SW, TR, VI } from './lang-latin-other.js';
import { ES, FR, IT, PT } from './lang-romance.js';
import { EL, PL, RU, UK } from './lang-slavic-greek.js';
import type { Lexicon } from './types.js';

export const LEXICONS: readonly Lexicon[] = [
  EN,
  FR,
  ES,
  IT,
  PT,
  RO,
  DE,
  NL,
  SV,
  RU,
  UK,
  PL,
  CS,
  EL,
  TR,
  VI,
  ID,
  SW,
  HI_LATN,
  AR,
  FA,
  UR,
  HE,
  HI,
  BN,
  ZH,
  JA,
  KO,
  TH,
];
