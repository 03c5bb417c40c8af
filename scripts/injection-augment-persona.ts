/**
 * Persona-prompt examples for training (issue 12). A persona setup ("I want you to act as a SQL terminal.
 * Only reply with the result and nothing else. Do not write explanations.") is how people configure an
 * assistant for a task; outside the role-play prompt source, the shared data holds such format constraints
 * almost only in attacks (190 attack texts, 7 benign), so with that source held out the classifier learns
 * them as attack evidence and over-blocks the next source of role prompts. Each setup is used twice: closed by
 * a benign request (label 0) and by an attack (label 1, its span known, so only the attack is learnt as
 * attack). The setup itself is then no evidence either way, as the e-mail and table layouts of
 * injection-augment.ts are not; what decides is what is asked in the persona.
 *
 * The roles, openers and format constraints below are generic wording of our own (no source's text); the
 * requests and attacks are one-line rows of the training data, and each example records their sources so
 * leave-one-source-out drops it with either.
 */
import type { Augmented } from './injection-augment.js';
import type { Row } from './train-injection.js';
import { mulberry32 } from './mulberry32.js';

const MIN_REQUEST = 15;
const MAX_REQUEST = 200;
const MAX_ATTACK = 300;

const ROLES = [
  'a Linux terminal',
  'a SQL console',
  'a Python interpreter',
  'a JavaScript console',
  'an English translator and spelling corrector',
  'a travel guide',
  'a job interviewer',
  'a math teacher',
  'a career counsellor',
  'a personal trainer',
  'a nutritionist',
  'a poet',
  'a storyteller',
  'a stand-up comedian',
  'a debate coach',
  'a UX reviewer',
  'a code reviewer',
  'a regex generator',
  'a spreadsheet',
  'a chess opponent',
  'a film critic',
  'a customer support agent for a bicycle shop',
  'a legal document summariser',
  'a recipe generator',
  'a motivational coach',
  'a historian',
  'a pronunciation coach',
  'a startup idea generator',
  'a text-based adventure game',
  'a tour guide in Lisbon',
  'a senior software architect',
  'a technical writer',
  'a product manager',
  'a data analyst',
  'an etymologist',
  'a language tutor',
  'a DevOps consultant',
  'a prompt engineer',
  'a senior Python developer',
  'a security engineer who reviews firewall and access-control rules',
  'a penetration-test report writer',
  'a SOC analyst triaging alerts',
  'an ASCII artist',
  'a code translator between programming languages',
  'a Kubernetes troubleshooting assistant',
  'a database administrator',
];

const OPENERS = [
  (r: string) => `I want you to act as ${r}.`,
  (r: string) => `Act as ${r}.`,
  (r: string) => `You are ${r}.`,
  (r: string) => `Please act as ${r} for this conversation.`,
  (r: string) => `Your role is ${r}.`,
  (r: string) => `I would like you to play the role of ${r}.`,
  (r: string) => `Take on the role of ${r}.`,
  (r: string) => `## Role\nYou are ${r}.`,
];

const TASKS = [
  'I will type requests and you will reply with what the output should be.',
  'I will give you some text and you will respond in your role.',
  'I will ask you questions and you will answer them in character.',
  'Your task is to help me with the request below.',
  'I will describe what I need and you will produce it.',
  'I will provide you with a code snippet and you will work on it in your role.',
  'Your task is to review the code or configuration I paste and point out problems.',
  'You have deep expertise in writing clean, secure, production-ready code.',
];

const FORMAT = [
  'Only reply with the answer and nothing else.',
  'Do not write explanations.',
  'Reply only inside one code block.',
  'Do not type commands unless I instruct you to do so.',
  'Keep every answer under 100 words.',
  'Do not break character.',
  'Answer in one short paragraph.',
  'You should only reply with your review, and nothing else.',
  'Do not add any introduction or closing remarks.',
  'Respond with a numbered list.',
  'Always answer in a friendly tone.',
  'Never write more than three sentences.',
  'When I need to tell you something else, I will put it in curly brackets {like this}.',
  'Output your response in Markdown.',
  'Ask me one question at a time and wait for my answers.',
  'Do not explain your reasoning, just give the result.',
  'Write only code, with no explanations.',
  'Include code snippets where necessary.',
  'Return the complete code in one block.',
  'Do not change the intended behaviour of the code.',
];

const CLOSERS = [
  (q: string) => ` My first request is "${q}"`,
  (q: string) => ` My first question is: ${q}`,
  (q: string) => `\n\n${q}`,
  (q: string) => ` Here is my first request: ${q}`,
];

/**
 * `count` persona setups, each closed by a benign request (label 0) and by an attack (label 1), deterministic
 * in `seed`. Requests and attacks are short one-line rows (BIPIA left out: its texts are data, not requests).
 */
export function augmentPersona(rows: Row[], count: number, seed = 7): Augmented[] {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const oneLine = (r: Row, max: number) => !r.category.startsWith('bipia_') && r.text.length >= MIN_REQUEST && r.text.length <= max && !r.text.includes('\n');
  const benign = rows.filter((r) => r.label === 0 && oneLine(r, MAX_REQUEST));
  const attacks = rows.filter((r) => r.label === 1 && oneLine(r, MAX_ATTACK));
  if (benign.length === 0 || attacks.length === 0) return [];
  const out: Augmented[] = [];
  for (let k = 0; k < count; k++) {
    const constraints = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(FORMAT)))];
    const setup = [pick(OPENERS)(pick(ROLES)), ...(rand() < 0.6 ? [pick(TASKS)] : []), ...constraints].join(' ');
    const close = pick(CLOSERS);
    const ask = pick(benign);
    out.push({ row: { text: setup + close(ask.text.trim()), label: 0, category: 'augmented_persona', source: 'persona' }, sources: [ask.source ?? ''] });
    const attack = pick(attacks);
    const text = setup + close(attack.text.trim());
    const start = text.lastIndexOf(attack.text.trim());
    out.push({
      row: { text, label: 1, category: 'augmented_persona_attack', source: 'persona' },
      span: [start, start + attack.text.trim().length],
      sources: [attack.source ?? ''],
    });
  }
  return out;
}
