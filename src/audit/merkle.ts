import { createHash } from 'node:crypto';

/**
 * Merkle tree hash of RFC 6962 (section 2.1): leaves are hashed with a 0x00 prefix and inner nodes with
 * 0x01, and the tree splits at the largest power of two below its size. A checkpoint signs the root over
 * the entry hashes of a range of the chain.
 */

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);
const EMPTY_ROOT = createHash('sha256').digest();

function leafHash(leaf: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF).update(leaf).digest();
}

function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(NODE).update(left).update(right).digest();
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function treeHash(leaves: readonly Buffer[], from: number, to: number): Buffer {
  const n = to - from;
  if (n === 1) return leafHash(leaves[from] as Buffer);
  const k = largestPowerOfTwoBelow(n);
  return nodeHash(treeHash(leaves, from, from + k), treeHash(leaves, from + k, to));
}

/** Root (hex) over leaves given as hex strings, e.g. the entry hashes of seq a..b in order. */
export function merkleRoot(hexLeaves: readonly string[]): string {
  if (hexLeaves.length === 0) return EMPTY_ROOT.toString('hex');
  const leaves = hexLeaves.map((h) => Buffer.from(h, 'hex'));
  return treeHash(leaves, 0, leaves.length).toString('hex');
}
