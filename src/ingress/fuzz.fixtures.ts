/**
 * The translators' fuzz tests: deterministic mutations of a valid request body, each replacing, dropping or
 * retyping one value somewhere in the body, so every schema branch sees wrong input, not just random noise;
 * the loop that holds a translator to its contract over them (`fuzzTranslator`), and the typed refusal of one body.
 */
import { mulberry32 } from '../../scripts/mulberry32.js';
import type { ChatRequest } from '../core/chat-types.js';
import { GatewayError } from '../core/errors.js';
import { chatRequestSchema } from '../stages/validate-request/chat-schema.js';
import { isValidatedChat } from './validation.js';

/** The seeded PRNG the trainers and test corpora share: the same seed gives the same cases on every run. */
export const seeded = mulberry32;

const ODD_VALUES: unknown[] = [
  null,
  0,
  -1,
  1.5,
  Number.MAX_SAFE_INTEGER + 2,
  '',
  'x',
  '\u0000',
  true,
  false,
  [],
  [null],
  {},
  { type: 'unknown' },
  { type: 'text' },
  'a'.repeat(300),
];

/** Every path (keys and indexes) into a JSON value. */
function pathsOf(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const paths: Array<Array<string | number>> = [prefix];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) paths.push(...pathsOf(v, [...prefix, i]));
  } else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) paths.push(...pathsOf(v, [...prefix, k]));
  return paths;
}

/** `base` with one value replaced or removed (or the whole body replaced), chosen by `random`. */
export function mutate(base: unknown, random: () => number): unknown {
  const copy = structuredClone(base);
  const paths = pathsOf(copy);
  const path = paths[Math.floor(random() * paths.length)] as Array<string | number>;
  const replacement = ODD_VALUES[Math.floor(random() * ODD_VALUES.length)];
  if (path.length === 0) return replacement;
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (random() < 0.2 && !Array.isArray(parent)) delete parent[last];
  else parent[last] = replacement;
  if (random() < 0.1 && !Array.isArray(parent)) parent[`extra_${Math.floor(random() * 10)}`] = replacement;
  return copy;
}

/** The typed refusal `translate` throws for `body`; fails the test if it translates it, or throws anything else. */
export function refusalBy(translate: (body: unknown) => unknown, body: unknown): GatewayError {
  try {
    translate(body);
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

/** What `fuzzTranslator` saw: how many mutated bodies were refused or translated, and each broken promise. */
export interface FuzzOutcome {
  refused: number;
  accepted: number;
  /** One line per body that broke the translator's contract, with the mutation's index to replay it. */
  failures: string[];
}

/**
 * Feeds `count` seeded mutations of `valid` to a translator and checks its contract on each: a typed 400
 * (GatewayError) or a chat request that validate-request may pass unparsed, i.e. one marked as validated
 * that the chat schema accepts. `FUZZ_SEED` in the environment replaces `seed`, to explore other cases.
 */
export function fuzzTranslator(valid: unknown, translate: (body: unknown) => ChatRequest, seed: number, count = 3000): FuzzOutcome {
  const random = seeded(Number(process.env.FUZZ_SEED ?? seed));
  const outcome: FuzzOutcome = { refused: 0, accepted: 0, failures: [] };
  for (let i = 0; i < count; i++) {
    const problem = contractProblem(translate, mutate(valid, random), outcome);
    if (problem) outcome.failures.push(`mutation ${i}: ${problem}`);
  }
  return outcome;
}

function contractProblem(translate: (body: unknown) => ChatRequest, body: unknown, outcome: FuzzOutcome): string | undefined {
  let chat: ChatRequest;
  try {
    chat = translate(body);
  } catch (err) {
    if (!(err instanceof GatewayError)) return `threw ${String(err)}`;
    if (err.status !== 400) return `refused with status ${err.status} (${err.reason})`;
    outcome.refused++;
    return undefined;
  }
  outcome.accepted++;
  if (!isValidatedChat(chat)) return 'translated, but not marked as validated: validate-request would parse it again';
  const parsed = chatRequestSchema.safeParse(chat);
  if (!parsed.success)
    return `translated into a chat request the chat schema refuses: ${JSON.stringify(parsed.error.issues[0]?.path)} ${parsed.error.issues[0]?.message}`;
  return undefined;
}
