/**
 * Indirect-injection examples for training, built from the training rows themselves. An indirect injection
 * is a request meant for the assistant that sits inside data the assistant reads: any short request (a
 * benign question or instruction, or a short attack) becomes one when it is put on its own line in an
 * e-mail body or between table rows. Benign passages are laid out as e-mails and tables (label 0, so the
 * layout itself is no evidence), and the same layouts with a request line inserted at the start, middle or
 * end of the body are label 1 with the request's span known; a benign request written above the layout (a
 * user asking about pasted data) is label 0. No phrase is written here: the requests and
 * passages are rows of the training data, the layout is generic.
 *
 * Each example records the sources it was built from, so leave-one-source-out drops it with either.
 */
import type { Row } from './train-injection.js';
import { mulberry32 } from './mulberry32.js';

export interface Augmented {
  row: Row;
  /** [start, end) of the inserted request, for label 1. */
  span?: [number, number];
  sources: string[];
}

const MIN_REQUEST = 15;
const MAX_REQUEST = 200;
const MIN_PASSAGE = 200;
const NAMES = ['Alex Morgan', 'Sam Lee', 'Jordan Patel', 'Chris Novak', 'Taylor Brooks', 'Robin Schulz', 'Kim Tanaka', 'Dana Okafor'];
const DOMAINS = ['example.com', 'example.org', 'mail.example.net', 'corp.example'];

/** The longest line of a benign text, if it reads as a passage (T0 prompts wrap passages in questions). */
function passageOf(text: string): string | undefined {
  let best = '';
  for (const line of text.split('\n')) if (line.length > best.length) best = line.trim();
  return best.length >= MIN_PASSAGE && !best.includes('|') ? best : undefined;
}

/** Passage sentences grouped into body lines of one to three sentences. */
function bodyLines(passage: string, rand: () => number): string[] {
  const sentences = passage.split(/(?<=[.!?])\s+/).filter((s) => s.length > 0);
  const lines: string[] = [];
  for (let i = 0; i < sentences.length; ) {
    const n = 1 + Math.floor(rand() * 3);
    lines.push(sentences.slice(i, i + n).join(' '));
    i += n;
  }
  return lines;
}

function email(lines: string[], rand: () => number): { head: string; body: string[] } {
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const from = pick(NAMES);
  const subject = lines[0]!
    .split(/\s+/)
    .slice(0, 4 + Math.floor(rand() * 4))
    .join(' ')
    .replace(/[.,;:]$/, '');
  const day = 1 + Math.floor(rand() * 28);
  const head = `Subject: ${subject}\nFrom: ${from} <${from.split(' ')[0]!.toLowerCase()}@${pick(DOMAINS)}>\nDate: ${day} March 2024\n`;
  return { head, body: ['', `Hi ${pick(NAMES).split(' ')[0]},`, ...lines, 'Best regards,', from] };
}

function table(lines: string[], rand: () => number): { head: string; body: string[] } {
  const rows = lines
    .flatMap((l) => l.split(/,\s+|;\s+|\.\s+/))
    .filter((c) => c.length > 2)
    .slice(0, 12);
  const body = rows.map((cell, i) => `| ${i + 1} | ${cell.split(/\s+/).slice(0, 6).join(' ')} | ${Math.floor(rand() * 1000)} |`);
  const head = '| # | item | value |\n|---|---|---|\n';
  if (body.length < 3 || rand() >= PROSE_SHARE) return { head, body };
  // Headings, captions and notes beside the rows, in the clean layout and its injected twin alike.
  const prose = lines.filter((l) => !REQUEST_LIKE.test(l));
  if (prose.length === 0) return { head, body };
  const line = () => proseLine(prose[Math.floor(rand() * prose.length)]!, rand);
  // A heading above, a note between rows, a caption or the next section's heading below: each may come, one at least.
  const [above, between, below] = [rand() < 0.5, rand() < 0.6, rand() < 0.6];
  const withProse = [...body];
  if (between) withProse.splice(1 + Math.floor(rand() * (body.length - 1)), 0, line());
  if (below || !(above || between)) withProse.push(line());
  return { head: above ? `${line()}\n${head}` : head, body: withProse };
}

/** Share of table layouts that carry prose lines beside their rows. */
const PROSE_SHARE = 0.6;
/** A sentence that asks something of its reader: never used as a table's prose line (it is what an injection is). */
const REQUEST_LIKE = /\?|\b(?:you|your|please|let'?s|i want|i need)\b/i;

/**
 * A non-request line documents put beside a table, from one passage sentence: the sentence itself, or its first
 * words as a heading, caption or note. Without these, every non-row line next to a row is an attack in training
 * (BIPIA's clean tables have none), and the row markers flag a markdown table's heading or footnote (issue 12).
 */
function proseLine(sentence: string, rand: () => number): string {
  const words = sentence
    .split(/\s+/)
    .slice(0, 3 + Math.floor(rand() * 5))
    .join(' ')
    .replace(/[.,;:]$/, '');
  const forms = [sentence, `## ${words}`, `**${words}**`, `Table ${1 + Math.floor(rand() * 9)}: ${words}`, `Note: ${sentence}`, `${words}:`];
  return forms[Math.floor(rand() * forms.length)]!;
}

/**
 * About `count` benign layouts and as many with a request inserted, deterministic in `seed`. Passages come
 * from long benign rows, requests from short one-line rows of either label (BIPIA rows are left out: their
 * contexts and attacks are the evaluation's own indirect-injection source).
 */
export function augmentIndirect(rows: Row[], count: number, seed = 99): Augmented[] {
  const rand = mulberry32(seed);
  const passages = rows
    .filter((r) => r.label === 0 && !r.category.startsWith('bipia_'))
    .map((r) => ({ r, p: passageOf(r.text) }))
    .filter((x) => x.p !== undefined);
  const requests = rows.filter(
    (r) => !r.category.startsWith('bipia_') && r.text.length >= MIN_REQUEST && r.text.length <= MAX_REQUEST && !r.text.includes('\n'),
  );
  const benign = requests.filter((r) => r.label === 0);
  if (passages.length === 0 || benign.length === 0) return [];
  const out: Augmented[] = [];
  for (let k = 0; k < count; k++) {
    const { r: ctx, p } = passages[Math.floor(rand() * passages.length)]!;
    const req = requests[Math.floor(rand() * requests.length)]!;
    const lines = bodyLines(p!, rand);
    const { head, body } = rand() < 0.5 ? email(lines, rand) : table(lines, rand);
    if (body.length < 3) continue;
    out.push({ row: { text: head + body.join('\n'), label: 0, category: 'augmented_data_clean', source: ctx.source }, sources: [ctx.source ?? ''] });
    let at = [1, Math.floor(body.length / 2), body.length][Math.floor(rand() * 3)]!;
    // In a table, the request goes right after a row (body[0] is one), never after a prose line only.
    while (at > 1 && body[0]!.startsWith('|') && !body[at - 1]!.startsWith('|')) at--;
    const before = head + [...body.slice(0, at), ''].join('\n');
    const text = before + req.text.trim() + (at < body.length ? `\n${body.slice(at).join('\n')}` : '');
    out.push({
      row: { text, label: 1, category: 'augmented_indirect_injection', source: ctx.source },
      span: [before.length, before.length + req.text.trim().length],
      sources: [ctx.source ?? '', req.source ?? ''],
    });
    // The same layout pasted under a user's own benign request is how people ask about data: label 0.
    const ask = benign[Math.floor(rand() * benign.length)]!;
    out.push({
      row: { text: `${ask.text.trim()}\n\n${head}${body.join('\n')}`, label: 0, category: 'augmented_data_question', source: ctx.source },
      sources: [ctx.source ?? '', ask.source ?? ''],
    });
  }
  return out;
}
