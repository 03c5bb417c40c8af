/**
 * Deterministic mutations of a valid request body for the translators' fuzz tests: each replaces, drops or
 * retypes one value somewhere in the body, so every schema branch sees wrong input, not just random noise.
 */
import { mulberry32 } from '../../scripts/mulberry32.js';

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
