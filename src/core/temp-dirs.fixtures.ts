import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** Temp folders that go away with the test file that made them. */
export interface TempDirs {
  /** A fresh folder under os.tmpdir(), named `<prefix>XXXXXX`. */
  make(): string;
  /** Removes every folder made so far (afterAll does it anyway). */
  remove(): void;
}

/**
 * Temp folders for one test file, removed after its last test, pass or fail. Call it at the top level of the
 * file (it registers an afterAll): `const temp = useTempDirs('gh-check-')`, then `temp.make()` where a
 * folder is needed. test/support/temp-dir-guard.ts fails the run when a test leaves a folder behind.
 */
export function useTempDirs(prefix: string): TempDirs {
  const made: string[] = [];
  const remove = () => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  };
  afterAll(remove);
  return {
    make() {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      made.push(dir);
      return dir;
    },
    remove,
  };
}
