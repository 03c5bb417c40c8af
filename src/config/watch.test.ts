import { execFile } from 'node:child_process';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import { hashText, loadConfigText, type ConfigIssue } from './load.js';
import type { GatehouseConfig } from './schema.js';
import { reloadable, sectionsNeedingRestart, watchConfig, type ConfigWatcher } from './watch.js';
import { useTempDirs } from '../core/temp-dirs.fixtures.js';

// Every temp folder of this file, removed after its last test.
const temp = useTempDirs('gh-watch-');

/** Child processes run TypeScript through tsx, resolved from here: their working directory may be a temp folder. */
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

type WatchEvent = { kind: 'reload'; config: GatehouseConfig; hash: string } | { kind: 'rejected'; issues: ConfigIssue[] };

const configWith = (model: string) => `providers:\n  mock: {type: mock}\nmodels:\n  ${model}: {provider: mock}\n`;

/** Starts a watcher on a fresh file and turns its callbacks into awaitable events. */
function startWatching(initialText: string) {
  const dir = temp.make();
  const file = join(dir, 'gatehouse.yaml');
  writeFileSync(file, initialText);
  const queue: WatchEvent[] = [];
  const waiters: Array<(event: WatchEvent) => void> = [];
  const push = (event: WatchEvent) => {
    const waiter = waiters.shift();
    if (waiter) waiter(event);
    else queue.push(event);
  };
  const logLines: string[] = [];
  const logWaiters: Array<{ test: (msg: string) => boolean; resolve: () => void }> = [];
  const logger = createLogger('debug', {
    write(line: string) {
      logLines.push(line);
      const { msg } = JSON.parse(line) as { msg: string };
      for (const waiter of logWaiters.filter((w) => w.test(msg))) {
        logWaiters.splice(logWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    },
  });
  const logged = (test: (msg: string) => boolean) => new Promise<void>((resolve) => logWaiters.push({ test, resolve }));
  const watcher = watchConfig(file, {
    logger,
    debounceMs: 25,
    onReload: (config, hash) => push({ kind: 'reload', config, hash }),
    onRejected: (issues) => push({ kind: 'rejected', issues }),
  });
  const next = () => new Promise<WatchEvent>((resolve) => (queue.length ? resolve(queue.shift()!) : waiters.push(resolve)));
  return { dir, file, watcher, next, logLines, logged, pending: () => queue.length };
}

let watcher: ConfigWatcher | undefined;
afterEach(() => watcher?.close());

describe('watchConfig', () => {
  it('reloads a valid edit, keeps the old config on a broken one, and reloads the fix', async () => {
    const w = startWatching(configWith('first'));
    watcher = w.watcher;

    writeFileSync(w.file, configWith('second'));
    const reloaded = await w.next();
    expect(reloaded.kind).toBe('reload');
    if (reloaded.kind !== 'reload') return;
    expect(Object.keys(reloaded.config.models)).toEqual(['second']);
    expect(reloaded.hash).toBe(hashText(configWith('second')));

    writeFileSync(w.file, `${configWith('second')}server:\n  port: high\n`);
    const rejected = await w.next();
    expect(rejected).toEqual({ kind: 'rejected', issues: [{ line: 6, column: 9, path: 'server.port', message: 'expected number, received string' }] });
    const warning = w.logLines.map((line) => JSON.parse(line) as { level: number; msg: string }).find((entry) => entry.level === 40);
    expect(warning?.msg).toBe(`kept previous configuration: ${w.file}:6:9: server.port: expected number, received string`);

    writeFileSync(w.file, `${configWith('third')}server:\n  port: 9000\n`);
    const fixed = await w.next();
    expect(fixed.kind === 'reload' && fixed.config.server.port).toBe(9000);
  });

  it('skips a write that leaves the text unchanged', async () => {
    const w = startWatching(configWith('same'));
    watcher = w.watcher;
    const skipped = w.logged((msg) => msg.includes('without a content change'));
    writeFileSync(w.file, configWith('same'));
    await skipped;
    writeFileSync(w.file, configWith('changed'));
    const event = await w.next();
    // Had the identical write produced a reload, this first event would carry the unchanged models.
    expect(event.kind === 'reload' && Object.keys(event.config.models)).toEqual(['changed']);
  });

  it('sees an atomic rename-replace, as editors and deploy tools do it', async () => {
    const w = startWatching(configWith('before'));
    watcher = w.watcher;
    const temp = join(w.dir, '.gatehouse.yaml.tmp');
    writeFileSync(temp, configWith('after'));
    renameSync(temp, w.file);
    const event = await w.next();
    expect(event.kind === 'reload' && Object.keys(event.config.models)).toEqual(['after']);
  });

  it('rejects a deleted file, keeping the previous configuration', async () => {
    const w = startWatching(configWith('kept'));
    watcher = w.watcher;
    rmSync(w.file);
    expect(await w.next()).toEqual({ kind: 'rejected', issues: [{ line: 0, column: 0, path: '', message: 'file not found' }] });
  });

  it('rejects an emptied file: a truncated file is a write in progress, not "all defaults"', async () => {
    const w = startWatching(configWith('kept'));
    watcher = w.watcher;
    writeFileSync(w.file, '');
    expect(await w.next()).toEqual({ kind: 'rejected', issues: [{ line: 0, column: 0, path: '', message: 'the file is empty' }] });
  });

  it('does not keep the process alive', async () => {
    const dir = temp.make();
    const file = join(dir, 'gatehouse.yaml');
    writeFileSync(file, configWith('x'));
    const script = `import { watchConfig } from ${JSON.stringify(new URL('./watch.ts', import.meta.url).pathname)};
      watchConfig(${JSON.stringify(file)}, { logger: console, onReload() {}, onRejected() {} });
      console.log('started');`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', tsxLoader, '--input-type=module', '-e', script], { cwd: process.cwd() });
    expect(stdout.trim()).toBe('started');
  });
});

describe('sectionsNeedingRestart', () => {
  it('names changes to server, logging and storage, not to providers or models', () => {
    const parse = (text: string) => {
      const result = loadConfigText(text, 'g.yaml');
      if (!result.ok) throw new Error('fixture must be valid');
      return result.config;
    };
    const before = parse(configWith('a'));
    expect(sectionsNeedingRestart(before, parse(configWith('b')))).toEqual([]);
    expect(sectionsNeedingRestart(before, parse(`${configWith('a')}server: {port: 9}\nstorage: {batchSize: 1}\n`))).toEqual(['server', 'storage']);
    expect(sectionsNeedingRestart(before, parse(`${configWith('a')}logging: {level: debug}\n`))).toEqual(['logging']);
    // The limit backend and the controls' refresh are built once; the limit sets themselves reload.
    expect(
      sectionsNeedingRestart(before, parse(`${configWith('a')}limits: {backend: redis, redis: {url: 'redis://127.0.0.1:6379'}}\ncontrols: {refreshMs: 500}\n`)),
    ).toEqual(['controls', 'limits.backend', 'limits.redis']);
    expect(sectionsNeedingRestart(before, parse(`${configWith('a')}limits: {global: {requestsPerMinute: 5}}\n`))).toEqual([]);
    // What a reload applies: the new limit sets, on the backend that runs.
    const next = reloadable(
      before,
      parse(`${configWith('a')}limits: {backend: redis, redis: {url: 'redis://127.0.0.1:6379'}, global: {requestsPerMinute: 5}}\ncontrols: {refreshMs: 500}\n`),
    );
    expect(next.limits).toMatchObject({ backend: 'memory', global: { requestsPerMinute: 5 } });
    expect(next.limits.redis).toBeUndefined();
    expect(next.controls).toEqual(before.controls);
  });
});

describe('watchConfig: policy files', () => {
  const withPolicies = (files: string[]) => `${configWith('m')}policies:\n  files: [${files.map((f) => JSON.stringify(f)).join(', ')}]\n`;

  it('reloads when a listed .cedar file changes, though gatehouse.yaml did not', async () => {
    const w = startWatching(configWith('m'));
    watcher = w.watcher;
    writeFileSync(join(w.dir, 'a.cedar'), '// first\n');
    writeFileSync(w.file, withPolicies(['a.cedar']));
    const listed = await w.next();
    expect(listed.kind === 'reload' && listed.config.policies.files).toEqual(['a.cedar']);

    writeFileSync(join(w.dir, 'a.cedar'), '// second\n');
    const edited = await w.next();
    expect(edited.kind).toBe('reload');
    // The same YAML text: only the policy file differs.
    expect(edited.kind === 'reload' && edited.hash).toBe(hashText(withPolicies(['a.cedar'])));

    // Replaced by rename, as editors save.
    writeFileSync(join(w.dir, '.a.cedar.tmp'), '// third\n');
    renameSync(join(w.dir, '.a.cedar.tmp'), join(w.dir, 'a.cedar'));
    expect((await w.next()).kind).toBe('reload');
  });

  it('watches a policy file in another folder, and one that is listed only later', async () => {
    const w = startWatching(configWith('m'));
    watcher = w.watcher;
    const elsewhere = temp.make();
    const policy = join(elsewhere, 'p.cedar');
    writeFileSync(policy, '// one\n');
    writeFileSync(w.file, withPolicies([policy]));
    expect((await w.next()).kind).toBe('reload');
    writeFileSync(policy, '// two\n');
    expect((await w.next()).kind).toBe('reload');
    // Deleting it is a change too: the reload that follows reports the missing file.
    rmSync(policy);
    expect((await w.next()).kind).toBe('reload');
  });

  it('a policy file watched from the start: rewriting it with the same text does not reload', async () => {
    const dir = temp.make();
    writeFileSync(join(dir, 'b.cedar'), '// same\n');
    const w = startWatching(withPolicies([join(dir, 'b.cedar')]));
    watcher = w.watcher;
    const skipped = w.logged((msg) => msg.includes('without a content change'));
    writeFileSync(join(dir, 'b.cedar'), '// same\n');
    await skipped;
    expect(w.pending()).toBe(0);
    writeFileSync(join(dir, 'b.cedar'), '// changed\n');
    expect((await w.next()).kind).toBe('reload');
  });

  it('an unrelated file in a policy folder does not reload', async () => {
    const w = startWatching(withPolicies(['c.cedar']));
    watcher = w.watcher;
    writeFileSync(join(w.dir, 'c.cedar'), '// c\n');
    expect((await w.next()).kind).toBe('reload');
    const quiet = w.logged((msg) => msg.includes('without a content change'));
    writeFileSync(join(w.dir, 'notes.txt'), 'unrelated');
    // Touch the YAML with the same text: the only event that can answer, proving notes.txt made none.
    writeFileSync(w.file, withPolicies(['c.cedar']));
    await quiet;
    expect(w.pending()).toBe(0);
  });
});
