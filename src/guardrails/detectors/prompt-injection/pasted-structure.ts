/**
 * The shapes of data a user pastes into their own message, beyond the header block and table rows of
 * embedded-data.ts: an e-mail by its headers in other languages, a forwarded or quoted chain, a letter (a
 * salutation to someone, the body after it), an HTML document, a fenced code block, delimited rows (CSV, TSV) and the
 * lines between table rows. Each is a span of text: the rules that count only inside data count there. The user's
 * own request stays theirs: text before the paste, and a last paragraph after a letter or table that reads as
 * their own request (userRequestAfter), are outside every span.
 */
import { emailEnd } from './lines.js';

export type Span = [number, number];

/**
 * Header fields, in English and in the languages of common mail clients (Von/An/Betreff, De/À/Objet ...), at a line
 * start or after a '|' (an export that joins its fields on one line: "SUBJECT: ...|CONTENT: ...").
 */
const HEADER =
  /(?:^|\|)[ \t]*(?:subject|from|to|cc|date|sent|content|email_from|received date|von|an|betreff|gesendet|de|à|objet|envoyé|para|asunto|enviado|da|oggetto|inviato|van|aan|onderwerp|verzonden|från|till|ämne|od|do|temat|от|кому|тема)[ \t]*:/gim;
/** The field that makes a header block an e-mail's rather than any "To: ... / Do: ..." list: its subject. */
const SUBJECT_FIELD = /^[|\s]*(?:subject|content|betreff|objet|asunto|oggetto|onderwerp|ämne|temat|тема)/i;
/** Where a forwarded or replied-to message starts: its separator line, or the "On ... wrote:" attribution. */
const CHAIN =
  /^[ \t]*(?:-{2,}[ \t]*(?:original message|forwarded message|message d'origine|ursprüngliche nachricht|mensaje original|messaggio originale)[ \t]*-{2,}|begin forwarded message:|on [^\n]{4,120}\bwrote:|le [^\n]{4,120}\ba écrit\s*:|am [^\n]{4,120}\bschrieb[^\n]{0,60}:)[ \t]*$/gim;
/** A quoted line of a reply. */
const QUOTED = /^[ \t]*>[^\n]*/gm;
/** A salutation opening a line: greeting, an optional name or group, then a comma, colon or exclamation mark. */
const SALUTATION =
  /^[ \t]*(?:dear|hi|hello|hey|greetings|good\s+(?:morning|afternoon|evening)|bonjour|salut|hallo|liebe[rs]?|sehr\s+geehrte[rs]?|hola|estimad[oa]s?|ciao|gentile|olá|hej|beste)\b([^\n,:!]{0,40})[,:!]/gim;
/**
 * A salutation to the assistant itself ("Hi there,", "Hello ChatGPT!"), or to a forum ("Hi everyone,"), opens the
 * user's own message, not a letter.
 */
const TO_THE_ASSISTANT = /^\s*$|\b(?:there|everyone|everybody|all|guys|folks|world|friends|ai|assistant|chatgpt|gpt|claude|gemini|copilot|bot|chatbot)\b/i;
/** A sign-off line: the end of a letter's body. */
const SIGN_OFF =
  /^[ \t]*(?:(?:kind|best|warm|many)\s+regards|regards|best|thanks|thank\s+you|cheers|sincerely|yours(?:\s+\w+)?|cordialement|viele\s+grüße|mit\s+freundlichen\s+grüßen|saludos|un\s+saludo|cordiali\s+saluti|groeten|met\s+vriendelijke\s+groet)\b[^\n]{0,40}$/im;
const FENCE = /^[ \t]*(`{3,}|~{3,})[^\n]*\n[\s\S]*?^[ \t]*\1[ \t]*$/gm;
const HTML_TAG = /<\/?(?:html|body|head|div|p|span|table|tr|td|th|br|font|center|a|b|i|strong|em|ul|ol|li|h[1-6])\b[^>]*>/gi;

/**
 * Every span of pasted data in text that embedded-data.ts's header block (`known`) and table rows do not already
 * cover, and the line in front of the data when it is planted there (plantedLead).
 */
export function pastedSpans(text: string, known: readonly Span[] = []): Span[] {
  const spans: Span[] = [];
  const headers = headerStart(text);
  if (headers >= 0) spans.push([headers, emailEnd(text, headers, text.length)]);
  for (const m of text.matchAll(CHAIN)) spans.push([m.index, emailEnd(text, m.index, text.length)]);
  for (const m of text.matchAll(QUOTED)) spans.push([m.index, m.index + m[0].length]);
  const letter = letterStart(text);
  if (letter >= 0) spans.push([letter, userRequestAfter(text, letter)]);
  for (const m of text.matchAll(FENCE)) spans.push([m.index, m.index + m[0].length]);
  const html = htmlSpan(text);
  if (html) spans.push(html);
  spans.push(...delimitedRows(text), ...tableRows(text), ...linesAmongRows(text));
  let first = Number.POSITIVE_INFINITY;
  for (const [a] of [...spans, ...known]) first = Math.min(first, a);
  if (plantedLead(text, first)) spans.push([0, first]);
  return spans;
}

/**
 * Whether the one line in front of data starting at `start` is planted there rather than the user's: directly on
 * top of the data (no blank line), not an introduction ending in ':', with a planted instruction's shape and not
 * put as the user's own request ("Add a sentence in your response ..." above a table is the table's; "Translate
 * this e-mail and put the dates at the top of your reply" is the user's).
 */
function plantedLead(text: string, start: number): boolean {
  if (!Number.isFinite(start) || start <= 0) return false;
  const lead = text.slice(0, start).trim();
  let dataStart = start;
  while (dataStart < text.length && /\s/.test(text[dataStart]!)) dataStart++;
  const gap = text.slice(text.slice(0, start).trimEnd().length, dataStart);
  if (gap.split('\n').length !== 2 || lead.length === 0 || lead.includes('\n') || lead.length > MAX_LEAD || lead.endsWith(':')) return false;
  return PLANTED.test(lead) && !OWN_REQUEST.test(lead);
}

/** The first of two or more header fields within five lines of each other, one of them a subject, or -1. */
function headerStart(text: string): number {
  const found = [...text.matchAll(HEADER)];
  for (let k = 0; k + 1 < found.length; k++) {
    const [a, b] = [found[k]!, found[k + 1]!];
    const near = text.slice(a.index, b.index).split('\n').length <= 5;
    if (near && (SUBJECT_FIELD.test(a[0]) || SUBJECT_FIELD.test(b[0]) || found.slice(k + 2, k + 4).some((m) => SUBJECT_FIELD.test(m[0])))) return a.index;
  }
  return -1;
}

/**
 * Where a letter starts: a line opened by a salutation naming someone other than the assistant ("Hi David,", "Dear
 * customer,"); or, after the user's own opening paragraph, any salutation followed later by a sign-off. A message
 * that opens "Hi," and signs off is the user's own, not a letter.
 */
function letterStart(text: string): number {
  for (const m of text.matchAll(SALUTATION)) {
    if (!TO_THE_ASSISTANT.test(m[1] ?? '')) return m.index;
    const atParagraph = /\n[ \t]*\r?\n[ \t]*$/.test(text.slice(Math.max(0, m.index - 8), m.index));
    if (atParagraph && SIGN_OFF.test(text.slice(m.index + m[0].length))) return m.index;
  }
  return -1;
}

/**
 * A pasted HTML document or e-mail, from its <html> or <body> tag to the end of its last tag. A fragment a user
 * writes inline ("look at <p>Hello</p>") is not one: only its hidden markup is data (embedded-data.ts).
 */
function htmlSpan(text: string): Span | null {
  const open = text.search(/<(?:!doctype\s+html|html|body)\b/i);
  if (open < 0) return null;
  let end = open;
  for (const m of text.slice(open).matchAll(HTML_TAG)) end = open + m.index + m[0].length;
  return [open, end];
}

/** The field separators of delimited rows, in the order tried. */
const DELIMITERS = ['\t', ';', ','];

/** Runs of three or more consecutive lines with the same count (two or more) of one delimiter outside quotes. */
function delimitedRows(text: string): Span[] {
  const lines = lineSpans(text);
  const spans: Span[] = [];
  for (const d of DELIMITERS) {
    let runStart = 0;
    for (let k = 1; k <= lines.length; k++) {
      const same = k < lines.length && fields(text, lines[k]!, d) >= 2 && fields(text, lines[k]!, d) === fields(text, lines[k - 1]!, d);
      if (same) continue;
      if (k - runStart >= 3 && fields(text, lines[runStart]!, d) >= 2) spans.push([lines[runStart]![0], lines[k - 1]![1]]);
      runStart = k;
    }
  }
  return spans;
}

function fields(text: string, [a, b]: Span, delimiter: string): number {
  let n = 0;
  let quoted = false;
  for (let i = a; i < b; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === delimiter && !quoted) n++;
  }
  return n;
}

const TABLE_ROW = /^[ \t]*\|[^\n]*\S[ \t]*$|^[^\n]*\S[ \t]*\|[ \t]*$/;

/** The table rows themselves (embedded-data.ts reads them too), so the data's first line is known. */
function tableRows(text: string): Span[] {
  return lineSpans(text).filter(([a, b]) => TABLE_ROW.test(text.slice(a, b)));
}

/**
 * Lines under a table row that are not rows themselves: up to the next row (between rows), or, at the table's end,
 * the lines right under it and a last paragraph after a blank line, unless that reads as the user's own request.
 */
function linesAmongRows(text: string): Span[] {
  const lines = lineSpans(text);
  const row = lines.map(([a, b]) => TABLE_ROW.test(text.slice(a, b)));
  const spans: Span[] = [];
  for (let k = 1; k < lines.length; k++) {
    if (row[k] || !row[k - 1]) continue;
    let j = k;
    while (j < lines.length && !row[j]) j++;
    const start = lines[k]![0];
    spans.push([start, j < lines.length ? lines[j]![0] : userRequestAfter(text, start)]);
    k = j;
  }
  return spans;
}

function lineSpans(text: string): Span[] {
  const out: Span[] = [];
  let a = 0;
  for (let b = text.indexOf('\n'); ; b = text.indexOf('\n', a)) {
    const end = b < 0 ? text.length : b;
    out.push([a, end]);
    if (b < 0) return out;
    a = b + 1;
  }
}

/** Longest line in front of pasted data read as planted there. */
const MAX_LEAD = 300;
/** The user's own request or question about what they pasted ("Which city is largest?", "Draft a reply."). */
const OWN_REQUEST =
  /^(?:(?:ok(?:ay)?|now|so|and|please|pls|thanks?)\b[\s,!.]*){0,3}(?:summari[sz]e|sum\s+up|translate|draft|write|reply|respond|rewrite|proofread|extract|list|tell\s+me|give\s+me|show\s+me|what|which|who|whom|when|where|why|how|is|are|was|were|does|do|did|should|can|could|would|will|explain|classify|answer|help|check|make|turn|compare|find|count)\b/i;
/** What a planted instruction says and the user's own does not (lines.ts, PLANTED, for the same reason). */
const PLANTED =
  /\b(?:assistant|ai|a\.i\.|llm|language\s+model|chatbot|bot|gpt|model|the\s+(?:user|reader|recipient)s?|your\s+(?:reply|response|answer|summary|output))\b|https?:\/\/|www\./i;

/**
 * Where data that starts at `from` ends: before the text's last paragraph when that paragraph (after a blank line,
 * at most 300 characters) reads as the user's own request or question and carries no planted shape; else the end.
 */
export function userRequestAfter(text: string, from: number): number {
  let br = -1;
  for (const m of text.slice(from).matchAll(/\n[ \t]*\r?\n/g)) br = from + m.index;
  if (br < 0) return text.length;
  const para = text.slice(br).trim();
  return para.length <= 300 && OWN_REQUEST.test(para) && !PLANTED.test(para) ? br : text.length;
}
