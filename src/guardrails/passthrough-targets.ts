import type { DetectContext } from './types.js';
import type { ResultTarget } from './result-targets.js';

const PASSTHROUGH: DetectContext = Object.freeze({ direction: 'output', role: 'assistant', part: 'passthrough' });
const PASSTHROUGH_KEYS: DetectContext = Object.freeze({ direction: 'output', role: 'assistant', part: 'passthrough_keys' });

/** Deeper than this, a subtree is scanned as its JSON text, which cannot be rewritten (so redact blocks). */
const MAX_DEPTH = 16;

/**
 * Every text inside `parent[key]`, a field the operator passed through: each string leaf (rewritable in
 * place) and, per object, its keys joined (a key reaches the client too, but cannot be rewritten).
 */
export function passthroughTargets(parent: Record<string, unknown>, key: string, path: string, choice: number | undefined, out: ResultTarget[]): void {
  walk(parent, key, path, choice, out, 0);
}

function walk(parent: Record<string, unknown>, key: string, path: string, choice: number | undefined, out: ResultTarget[], depth: number): void {
  const value = parent[key];
  if (typeof value === 'string') {
    if (value.length > 0)
      out.push({
        path,
        text: value,
        context: PASSTHROUGH,
        choice,
        restorable: true,
        replace: (t) => {
          parent[key] = t;
        },
      });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth >= MAX_DEPTH) {
    out.push({ path, text: JSON.stringify(value), context: PASSTHROUGH, choice, restorable: false });
    return;
  }
  const node = value as Record<string, unknown>;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) walk(node, String(i), `${path}[${i}]`, choice, out, depth + 1);
    return;
  }
  const keys = Object.keys(node);
  if (keys.length > 0) out.push({ path: `${path}{keys}`, text: keys.join('\n'), context: PASSTHROUGH_KEYS, choice, restorable: false });
  for (const k of keys) walk(node, k, `${path}.${k}`, choice, out, depth + 1);
}
