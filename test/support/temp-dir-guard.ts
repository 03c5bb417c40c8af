import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * vitest globalSetup: the run gets a temp folder of its own, and fails when tests leave anything in it.
 * TMPDIR (and TMP, TEMP) point there for the whole run, so os.tmpdir() in test files, in the forked
 * workers and in the CLI processes tests spawn all land in it. At the end, what is left (a folder made
 * with mkdtemp and never removed) fails the run with its names, and the folder is removed either way.
 * Other runs sharing the machine's temp folder (other checkouts, CI jobs) are never counted.
 */
const PREFIX = 'gatehouse-vitest-';

/** What libraries keep in the temp folder by design, not a test's leftovers; removed with the run's folder. */
const LIBRARY_STATE = new Set([
  // onnxruntime (the classifier detector) writes a session id file there once per temp folder.
  '.ses',
]);

/** tsx keeps its compile cache in <tmpdir>/tsx-<uid>; spawned CLIs keep using the machine's one through a link. */
function linkTsxCache(parent: string, runDir: string): string {
  const name = `tsx-${process.geteuid?.() ?? 'user'}`;
  mkdirSync(join(parent, name), { recursive: true });
  symlinkSync(join(parent, name), join(runDir, name), 'dir');
  return name;
}

export default function setup(): () => void {
  const parent = tmpdir();
  const runDir = mkdtempSync(join(parent, PREFIX));
  const ignored = new Set([...LIBRARY_STATE, linkTsxCache(parent, runDir)]);
  const saved = { TMPDIR: process.env.TMPDIR, TMP: process.env.TMP, TEMP: process.env.TEMP };
  process.env.TMPDIR = runDir;
  process.env.TMP = runDir;
  process.env.TEMP = runDir;
  return function teardown(): void {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    const left = readdirSync(runDir).filter((name) => !ignored.has(name));
    rmSync(runDir, { recursive: true, force: true });
    if (left.length === 0) return;
    // A throw here is only printed ("error during close"); the exit status is what fails CI.
    process.exitCode = 1;
    process.stderr.write(
      `\nFAIL temp folder: tests left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in os.tmpdir() (removed now; remove them in afterAll/afterEach, e.g. with useTempDirs):\n  ${left.sort().join('\n  ')}\n`,
    );
  };
}
