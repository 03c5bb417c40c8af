import { closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Files the gateway creates hold records, keys and spooled events: readable by their owner only. Modes
 * passed to open/mkdir are further narrowed by the umask, never widened.
 */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** Creates `dir` and any missing parents with mode 0700; existing folders are left as they are. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Creates `path` empty with mode 0600 (and its folder 0700) unless it exists. SQLite gives its -wal and
 * -shm files the mode of the database file, so pre-creating the database is what keeps them private.
 */
export function ensurePrivateFile(path: string): void {
  makePrivateDir(dirname(path));
  try {
    closeSync(openSync(path, 'wx', PRIVATE_FILE_MODE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/**
 * A warning for each existing path that group or others may read or write. Loose modes are reported,
 * not changed: an operator may have widened them on purpose (a backup group), and a silent chmod would
 * hide that decision from the logs.
 */
export function looseModes(paths: readonly string[]): Array<{ path: string; mode: string }> {
  const out: Array<{ path: string; mode: string }> = [];
  for (const path of paths) {
    let mode: number;
    try {
      mode = statSync(path).mode & 0o777;
    } catch {
      continue;
    }
    if ((mode & 0o077) !== 0) out.push({ path, mode: `0${mode.toString(8)}` });
  }
  return out;
}
