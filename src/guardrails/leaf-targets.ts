import type { ScanTarget } from './policy.js';
import { SCHEMA_KEYWORDS, TYPE_WORDS } from './request-fields.js';
import type { DetectContext } from './types.js';

/**
 * Paths are built to this depth; deeper values are still read, under the path of their ancestor at this
 * depth and without a rewrite (a redact there blocks). Building every path of a deeply nested body would
 * cost the square of its depth.
 */
const MAX_PATH_DEPTH = 32;

/** Context of a key target: the name of a property is text a caller chose. */
const KEY_PART = 'key';

/**
 * A path component for an object key: the key when it reads like an identifier, else its position. A key
 * that a detector flags is masked afterwards too (see maskFlaggedKeys), so a path never echoes a secret.
 */
export function keyComponent(key: string, index: number): string {
  return /^[A-Za-z_][A-Za-z0-9_-]{0,39}$/.test(key) ? `.${key}` : `.{#${index}}`;
}

/**
 * Key targets and the positional form of their path: their path is the value's path, and a finding on one
 * masks that path (see maskFlaggedKeys).
 */
const KEY_TARGETS = new WeakMap<ScanTarget, string>();

/** A target for a caller-chosen object key at `path` (the value's path); `masked` names it by position. */
export function keyTarget(path: string, key: string, masked: string, context: DetectContext): ScanTarget {
  const target: ScanTarget = { path, text: key, context };
  if (masked !== path) KEY_TARGETS.set(target, masked);
  return target;
}

/** A decoded view of a key target (base64 as a property name) masks the key's path like the key itself. */
export function inheritKeyMask(from: ScanTarget, to: ScanTarget): void {
  const masked = KEY_TARGETS.get(from);
  if (masked !== undefined) KEY_TARGETS.set(to, masked);
}

/**
 * A key a detector flagged (a secret used as a property name) must not reach the refusal, the trace or the
 * record through a path: every finding's path under it is rewritten to name the key by position.
 */
export function maskFlaggedKeys(findings: ReadonlyArray<{ path: string; target: number }>, scanned: readonly ScanTarget[]): void {
  const masks: Array<[string, string]> = [];
  for (const f of findings) {
    const target = scanned[f.target];
    const masked = target ? KEY_TARGETS.get(target) : undefined;
    if (masked !== undefined) masks.push([target!.path, masked]);
  }
  if (masks.length === 0) return;
  for (const f of findings) {
    for (const [path, masked] of masks) {
      const next = f.path.charAt(path.length);
      if (f.path.startsWith(path) && (next === '' || next === '.' || next === '[')) (f as { path: string }).path = masked + f.path.slice(path.length);
    }
  }
}

interface Frame {
  value: unknown;
  path: string;
  depth: number;
  /** Where the value sits, for a rewrite: absent beyond MAX_PATH_DEPTH. */
  holder: Record<string, unknown> | unknown[] | undefined;
  key: string | number;
}

/**
 * Every string leaf under `value`, and every object key that is not JSON Schema vocabulary, as scan targets.
 * Iterative, so no nesting depth can overflow the stack. Leaves are rewritable in place unless `readOnly`;
 * keys never are (renaming a property would change the schema).
 */
export function leafTargets(
  value: unknown,
  path: string,
  context: DetectContext,
  out: ScanTarget[],
  readOnly = false,
  holder?: Record<string, unknown> | unknown[],
  key?: string | number,
): void {
  // Numbers, booleans and null (most known fields) cost nothing: no frame, no context.
  if (value === null || (typeof value !== 'object' && typeof value !== 'string')) return;
  const stack: Frame[] = [{ value, path, depth: 0, holder, key: key ?? '' }];
  let keyContext: DetectContext | undefined;
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const node = frame.value;
    if (typeof node === 'string') {
      if (node.length === 0 || (frame.key === 'type' && TYPE_WORDS.has(node))) continue;
      const at = frame.holder;
      const slot = frame.key;
      // A function or schema name is an identifier the other side matches on: it cannot be rewritten.
      const replace =
        readOnly || at === undefined || slot === 'name'
          ? undefined
          : (t: string) => {
              (at as Record<string | number, unknown>)[slot] = t;
            };
      out.push(replace ? { path: frame.path, text: node, context, replace } : { path: frame.path, text: node, context });
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    const deep = frame.depth >= MAX_PATH_DEPTH;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) {
        stack.push({ value: node[i], path: deep ? frame.path : `${frame.path}[${i}]`, depth: frame.depth + 1, holder: deep ? undefined : node, key: i });
      }
      continue;
    }
    const record = node as Record<string, unknown>;
    const keys = Object.keys(record);
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i] as string;
      const childPath = deep ? frame.path : `${frame.path}${keyComponent(k, i)}`;
      if (!SCHEMA_KEYWORDS.has(k))
        out.push(keyTarget(childPath, k, deep ? frame.path : `${frame.path}.{#${i}}`, (keyContext ??= { ...context, part: KEY_PART })));
      stack.push({ value: record[k], path: childPath, depth: frame.depth + 1, holder: deep ? undefined : record, key: k });
    }
  }
}
