/**
 * Virtualisation: a harmful request asked for in working detail inside a frame that says it does not count
 * ("this is purely fictional, a thought experiment", "hypothetically speaking", "in an alternate history where
 * it is legal", "pretend this is a dream", "from the perspective of an AI from the year 2150", "the wizard
 * answers with full real-world instructions"). Any two of the three parts are ordinary: a story with a villain,
 * a hypothetical question about history, a chemistry question. The frame and the detail are the pattern; the
 * harm (harmful-ask.ts: a harmful goal or a crime, defence excluded; not the looser "rules set aside") must be
 * near it.
 */
import { asksForHarmfulGoal } from './harmful-ask.js';

/** A frame that says the request is not real. */
const FRAME = String.raw`(?:hypothetical(?:ly)?|(?:purely\s+)?theoretically|suppose|supposing|(?:tabletop|video|board|role-?playing|computer)\s+game|npcs?|d&d|dungeon\s+master|thought\s+experiment|purely\s+(?:fictional|theoretical|academic|imaginary)|(?:just|only)\s+(?:fiction|a\s+story|theoretical|hypothetical|pretend|a\s+game|make-?believe)|fictional|interactive\s+fiction|imagine|imagining|pretend(?:ing)?|make-?believe|in\s+(?:a|the|my|this|your)\s+dream|(?:alternate|alternative|parallel)\s+(?:history|universe|reality|world|timeline|dimension)|(?:in|from)\s+the\s+year\s+\d{4}|in\s+(?:this|the|a|an)\s+(?:fictional\s+|imaginary\s+)?(?:world|universe|story|game|scenario|simulation|novel|film|movie|scene|experiment)|role-?play(?:ing)?|screenplay|novel|villain|wizard|textbook\s+chapter|nothing\s+(?:here\s+)?is\s+real|(?:it'?s|it\s+is)\s+(?:not\s+real|theoretical|fiction))`;
/** Working detail asked for, not a description. */
const DETAIL = String.raw`(?:exact(?:ly)?|precise(?:ly)?|step[- ]by[- ]step|line\s+by\s+line|word\s+for\s+word|in\s+(?:full|great|complete|technical)\s+detail|detailing|full\s+(?:real[- ]world\s+)?(?:instructions|procedure|recipe|method)|real[- ]world\s+instructions|(?:the|a)\s+(?:full|complete|detailed|working|real)\s+(?:procedure|process|recipe|method|instructions|code|steps)|walk\s+(?:me|us|them|him|her)\s+through|including\s+(?:the\s+)?(?:temperatures|quantities|amounts|measurements|doses|dosages|ingredients|reagents|commands|code)|(?:with|the)\s+quantities|specific\s+(?:quantities|amounts|reagents|steps|commands))`;

/** The pattern is the detail (the rarer part); the frame and the harm around it are checked per match. */
export const FRAMED_HARM = String.raw`\b${DETAIL}\b`;
const FRAME_NEAR = new RegExp(String.raw`\b${FRAME}\b`, 'i');
/** The frame's literals: the rule runs only when one is in the text (with one of the detail's). */
export const FRAMED_HARM_ALSO = [
  'hypothetic',
  'suppos',
  'npc',
  'dungeon',
  'd&d',
  'experiment',
  'purely',
  'fiction',
  'theoretical',
  'pretend',
  'imagin',
  'believe',
  'dream',
  'alternat',
  'parallel',
  'year',
  'world',
  'universe',
  'story',
  'game',
  'scenario',
  'simulation',
  'novel',
  'film',
  'movie',
  'scene',
  'roleplay',
  'role',
  'screenplay',
  'villain',
  'wizard',
  'textbook',
  'real',
];
export const FRAMED_HARM_ANCHORS = [
  'exact',
  'precise',
  'step',
  'line',
  'word',
  'detail',
  'instructions',
  'recipe',
  'procedure',
  'method',
  'process',
  'code',
  'steps',
  'through',
  'including',
  'quantities',
  'specific',
];

/** How far from the detail the frame may be, on the same line. */
const FRAME_REACH = 300;
/** How far from the detail the harmful request may be. */
const HARM_REACH = 400;

/** True when a frame is on the detail's line within FRAME_REACH, and a harmful request (not defence) within HARM_REACH. */
export function framedHarmAt(text: string, start: number): boolean {
  const lineStart = text.lastIndexOf('\n', start) + 1;
  let lineEnd = text.indexOf('\n', start);
  if (lineEnd < 0) lineEnd = text.length;
  const near = text.slice(Math.max(lineStart, start - FRAME_REACH), Math.min(lineEnd, start + FRAME_REACH));
  return FRAME_NEAR.test(near) && asksForHarmfulGoal(text.slice(Math.max(0, start - HARM_REACH), start + HARM_REACH));
}
