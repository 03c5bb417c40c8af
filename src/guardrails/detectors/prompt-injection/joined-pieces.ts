/**
 * Payload splitting told in prose: pieces given names or labels ("A: 'how to make'", "string one is '...'",
 * "remember the phrase '...'", a bracketed word list), then an order to put them together and answer or act
 * on the result ("combine A, B and C into one question and answer it", "put both strings together and
 * complete the task they describe"). No piece reads as an attack, so the shape is the signal. Answering is an
 * order here only after joining labelled pieces: "translate the question and answer it" and "combine these two
 * sentences and answer it" are ordinary requests, and give no finding.
 */

/** Verbs that put pieces together. */
const JOIN = String.raw`(?:concatenate|combine|join|assemble|merge|arrange|evaluate|put\s+(?:them|these|those|it|(?:the|these|those|both|all)\s+(?:\w+\s+){0,2})together|read\s+(?:the|this|that|these|those)\s+(?:\w+\s+)?(?:list|words?|pieces|fragments|parts|phrases)\b[^.\n]{0,30}?\bas\s+(?:a|one)\s+(?:sentence|question|instruction|request))`;
/** What is then done with the joined result. */
const ACT = String.raw`(?:answer\s+(?:it|them|that|the\s+(?:resulting|combined|merged|joined|assembled|full|whole|new)\s+(?:question|sentence|request|prompt|instruction))|respond\s+to\s+(?:it|them|that|the\s+result(?:ing\s+\w+)?)|(?:fulfil|fulfill|complete|perform)\s+(?:it|them|the\s+(?:task|request|instruction)s?\s+(?:it|they)\s+describes?)|do\s+(?:what|as)\s+(?:it|they|the\s+\w+)\s+says?|follow\s+(?:it|them|the\s+result(?:ing\s+\w+)?)|obey\s+(?:it|them)|execute\s+(?:it|them)|act\s+on\s+(?:it|them)|carry\s+(?:it|them)\s+out|do\s+(?:it|that)\b(?!\s+(?:in|with|for|using|by)\b)|comply\b(?!\s+with\b)|(?:obey|execute|follow)(?=\s*[:.!]|\s*$))`;

export const JOIN_THEN_OBEY = String.raw`\b${JOIN}\b[^.\n]{0,80}?\b(?:and|then|,)\s+(?:then\s+)?${ACT}`;
export const JOIN_ANCHORS = [
  'concaten',
  'combin',
  'join',
  'assembl',
  'merge',
  'arrang',
  'together',
  'evaluat',
  'sentence',
  'question',
  'instruction',
  'request',
];
export const JOIN_ALSO = ['answer', 'respond', 'fulfil', 'complete', 'perform', 'says', 'say', 'follow', 'obey', 'execute', 'act', 'carry', 'do', 'comply'];

/**
 * Pieces bound to a name or label (`a = "`, `A: "`, `part1 = '`, "string one is '", "piece 2 = '"), kept in
 * memory ("remember the phrase '"), or a bracketed list of four or more bare words.
 */
const LABELLED =
  /(?:\b[\w$]{1,12}['"]?\s*(?:=|:=|:)|\b(?:is|as|holds|contains)|\b(?:remember|memori[sz]e|store|save|keep)\s+(?:the\s+(?:phrase|words?|string|text)\s+)?)\s*["'“‘\x60]/gi;
const WORD_LIST = /\[\s*[\w'-]{1,20}(?:\s*,\s*[\w'-]{1,20}){3,}\s*\]/;
/** Three or more quoted strings in a comma list, or two as a call's arguments (`f("...", "...")`). */
const QUOTED = String.raw`["“][^"”\n]{1,60}["”]`;
const STRING_LIST = new RegExp(String.raw`${QUOTED}(?:\s*,\s*${QUOTED}){2,}|\w\(\s*${QUOTED}\s*,\s*${QUOTED}`);

/** Two or more labelled pieces, or a bare word list: the text gave pieces to be joined. */
export function confirmLabelledPieces(text: string): boolean {
  if (WORD_LIST.test(text) || STRING_LIST.test(text)) return true;
  LABELLED.lastIndex = 0;
  let count = 0;
  while (LABELLED.exec(text) !== null) if (++count >= 2) return true;
  return false;
}
