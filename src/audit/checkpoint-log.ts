import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { ensurePrivateFile, PRIVATE_FILE_MODE } from '../storage/private-file.js';
import type { Checkpoint, CheckpointSigner } from './checkpoint.js';
import { publicKeyFromJwk } from './keys.js';

/**
 * The checkpoint log outside the database: an append-only JSON Lines file holding every checkpoint this
 * host signed (the same lines `gatehouse audit checkpoints` prints) and, before the first checkpoint of
 * each process, the public key that signs them (`{"type":"key","kid",...JWK}`). Someone who can write
 * the database but not this file cannot delete, re-sign or rewrite what it anchors, and cannot make
 * verify trust a key of their own: keys registered only in the database are never trusted.
 */
export class CheckpointLog {
  readonly path: string;
  readonly #keyLine: string;
  #keyWritten = false;

  private constructor(path: string, keyLine: string) {
    this.path = path;
    this.#keyLine = keyLine;
  }

  /** Opens (creating it, mode 0600) the log at `path` for checkpoints made by `signer`. */
  static open(path: string, signer: CheckpointSigner): { log: CheckpointLog; created: boolean } {
    const created = !existsSync(path);
    ensurePrivateFile(path);
    return { log: new CheckpointLog(path, JSON.stringify(keyLine(signer.keyId, signer.publicKey, Date.now()))), created };
  }

  /** Appends checkpoints (oldest first) in one write and flushes it to disk. Throws on I/O errors. */
  append(checkpoints: readonly Checkpoint[]): void {
    if (checkpoints.length === 0) return;
    let text = this.#keyWritten ? '' : `${this.#keyLine}\n`;
    for (const cp of checkpoints) text += `${JSON.stringify(cp)}\n`;
    const fd = openSync(this.path, 'a', PRIVATE_FILE_MODE);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.#keyWritten = true;
  }
}

function keyLine(keyId: string, publicKey: KeyObject, at: number): Record<string, unknown> {
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  return { type: 'key', kid: keyId, kty: jwk.kty, crv: jwk.crv, x: jwk.x, at };
}

/** What an external checkpoint file holds. */
export interface ExternalCheckpoints {
  path: string;
  exists: boolean;
  /** Ascending by `to`. */
  checkpoints: Checkpoint[];
  /** Public keys named in the file, by key id (the RFC 7638 thumbprint, recomputed on read). */
  keys: Map<string, KeyObject>;
}

/** A line of the file that is neither a key nor a checkpoint: the file was edited or cut. */
export class CheckpointLogError extends Error {
  constructor(
    readonly path: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${path} line ${line}: ${detail}`);
    this.name = 'CheckpointLogError';
  }
}

/**
 * Reads an external checkpoint file (this log, or a file of `gatehouse audit checkpoints` output).
 * A missing file reads as empty with `exists: false`; any malformed line throws CheckpointLogError.
 */
export async function readCheckpointLog(path: string): Promise<ExternalCheckpoints> {
  if (!existsSync(path)) return { path, exists: false, checkpoints: [], keys: new Map() };
  const lines = readFileSync(path, 'utf8').split('\n');
  const byTo = new Map<number, Checkpoint>();
  const keys = new Map<string, KeyObject>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new CheckpointLogError(
        path,
        i + 1,
        i === lines.length - 1 ? 'the last line is cut off (the file was truncated)' : 'not JSON (the file was edited)',
      );
    }
    if (value.type === 'key') {
      const jwk = { kty: value.kty, crv: value.crv, x: value.x } as JWK;
      let kid: string;
      try {
        kid = await calculateJwkThumbprint(jwk, 'sha256');
        keys.set(kid, publicKeyFromJwk(jwk));
      } catch {
        throw new CheckpointLogError(path, i + 1, 'not a valid Ed25519 public key');
      }
      if (kid !== value.kid) throw new CheckpointLogError(path, i + 1, `key id ${String(value.kid)} does not match its key`);
      continue;
    }
    if (!isCheckpoint(value)) throw new CheckpointLogError(path, i + 1, 'neither a checkpoint nor a key (the file was edited)');
    // Two writers (the gateway and `audit checkpoint`) may append in either order; the same range twice
    // is one checkpoint only if it is the same checkpoint.
    const seen = byTo.get(value.to);
    if (seen && JSON.stringify(seen) !== JSON.stringify(value))
      throw new CheckpointLogError(path, i + 1, `a second, different checkpoint ${value.from}..${value.to}`);
    if (!seen) byTo.set(value.to, value);
  }
  return { path, exists: true, checkpoints: [...byTo.values()].sort((a, b) => a.to - b.to), keys };
}

function isCheckpoint(v: Record<string, unknown>): v is Checkpoint & Record<string, unknown> {
  return (
    v.v === 1 &&
    Number.isSafeInteger(v.from) &&
    Number.isSafeInteger(v.to) &&
    (v.from as number) >= 1 &&
    (v.to as number) >= (v.from as number) &&
    typeof v.root === 'string' &&
    typeof v.head === 'string' &&
    typeof v.keyId === 'string' &&
    typeof v.signature === 'string' &&
    Number.isFinite(v.at) &&
    (v.prev === null || typeof v.prev === 'string')
  );
}
