/**
 * Builds dist/ with `tsc -p tsconfig.build.json` only when it is out of date: `npm start` (prestart) and
 * `npm install` (prepare) run it, so a start after an unchanged checkout serves at once instead of spending
 * ~15 s in tsc. `npm run build` runs it with `--always`.
 *
 * "Out of date" compares content, not times: a successful build writes dist/.build-stamp.json with a hash
 * of its inputs (the compiled files under src/, and tsconfig.json, tsconfig.build.json, package.json), and
 * a later run rebuilds when the hash differs, the stamp is missing, or dist/cli/main.js is. A checkout
 * that touches files without changing them (switching branches and back) therefore does not rebuild.
 *
 * Run from the package root (npm runs scripts there). Exits with tsc's status when the build fails; the
 * stamp is then left as it was, so the next run builds again.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

export const STAMP = join('dist', '.build-stamp.json');
const ENTRY = join('dist', 'cli', 'main.js');
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];
/** Left out of dist/ by tsconfig.build.json, so editing them needs no build (same set as scripts/long-functions.ts). */
const NOT_BUILT = /\.(test|fixtures|contract)\.ts$/;

function listFiles(root, dir) {
  const files = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(root, path));
    else if (entry.isFile() && !NOT_BUILT.test(entry.name)) files.push(path);
  }
  return files;
}

function hashFiles(root, files) {
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file.split(sep).join('/')}\0`).update(readFileSync(join(root, file)));
  return hash.digest('hex');
}

/** The hashes a build of `root` as it is now would write to its stamp: the sources and the build configuration. */
export function inputHashes(root) {
  return { src: hashFiles(root, listFiles(root, 'src').sort()), config: hashFiles(root, CONFIG_FILES) };
}

/** Why `root`'s dist/ needs a build, or undefined when it is current. */
export function staleReason(root, hashes = inputHashes(root)) {
  if (!existsSync(join(root, ENTRY))) return 'no build yet';
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(root, STAMP), 'utf8'));
  } catch {
    return 'no build stamp';
  }
  if (stamp.src !== hashes.src) return 'src changed';
  if (stamp.config !== hashes.config) return 'tsconfig or package.json changed';
  return undefined;
}

function runTsc(root) {
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    console.error('cannot build dist/: TypeScript is not installed (it is a devDependency: run npm install without --omit=dev)');
    return 1;
  }
  const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  return run.status ?? 1;
}

/** Builds `root`'s dist/ when it is stale (or always), printing what it does; returns the exit status. */
export function ensureBuild(root, { always = false } = {}) {
  const hashes = inputHashes(root);
  const reason = always ? 'npm run build' : staleReason(root, hashes);
  if (reason === undefined) {
    console.log('dist/ is up to date with src/: not rebuilding');
    return 0;
  }
  console.log(`building dist/ (${reason})...`);
  const started = performance.now();
  const status = runTsc(root);
  if (status !== 0) {
    console.error(`building dist/ failed (tsc exited with ${status})`);
    return status;
  }
  writeFileSync(join(root, STAMP), `${JSON.stringify({ ...hashes, builtAt: new Date().toISOString() }, null, 2)}\n`);
  console.log(`built dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = process.cwd();
  if (!existsSync(join(root, 'tsconfig.build.json'))) {
    console.error(`ensure-build: run it from the package root (no tsconfig.build.json in ${root})`);
    process.exit(2);
  }
  process.exitCode = ensureBuild(root, { always: process.argv.includes('--always') });
}
