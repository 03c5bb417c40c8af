import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/** A 1-based position in the configuration text. */
export interface Position {
  line: number;
  column: number;
}

/** Where a path of the configuration is written, and how much of that path exists in the document. */
export interface Located {
  /** The value node at the end of the path, or at the deepest part of it that exists. */
  node: Node | null;
  /** The key that introduces `node` (null for the document root and sequence items). */
  key: Node | null;
  /** Whether every segment of the path exists in the document. */
  complete: boolean;
}

function keyMatches(key: unknown, segment: PropertyKey): boolean {
  return isScalar(key) && String(key.value) === String(segment);
}

/** Follows a data path (as zod reports it) through the parsed YAML document. */
export function locatePath(doc: Document, path: readonly PropertyKey[]): Located {
  let node = (doc.contents as Node | null) ?? null;
  let key: Node | null = null;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => keyMatches(item.key, segment));
      if (!pair) return { node, key, complete: false };
      key = (pair.key as Node | null) ?? null;
      node = (pair.value as Node | null) ?? null;
      if (!node) return { node: key, key, complete: true };
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
      node = node.items[segment] as Node;
      key = null;
    } else {
      return { node, key, complete: false };
    }
  }
  return { node, key, complete: true };
}

function startOf(node: Node | null, lineCounter: LineCounter): Position | undefined {
  const offset = node?.range?.[0];
  if (offset === undefined) return undefined;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/**
 * The position to report for a path: the value itself when it exists (`port: "80"` points at `"80"`), the key
 * when the value is empty or `atKey` is set (an unknown key), and the nearest existing parent's key when part of
 * the path is missing (a missing required key).
 */
export function positionOf(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[], atKey = false): Position {
  const found = locatePath(doc, path);
  const emptyValue = isScalar(found.node) && found.node.value === null && found.key !== null;
  const preferKey = atKey || !found.complete || emptyValue;
  const position = (preferKey ? startOf(found.key, lineCounter) : undefined) ?? startOf(found.node, lineCounter);
  return position ?? { line: 1, column: 1 };
}
