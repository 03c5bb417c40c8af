import { watch, lstatSync, readFileSync, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Logger } from '../log/logger.js';
import { formatIssues, hashText, loadConfigFile, loadConfigText, type ConfigIssue } from './load.js';
import type { GatehouseConfig } from './schema.js';

export interface WatchConfigOptions {
  /** A new valid configuration; the caller swaps its runtime. If it throws, the previous one stays in force. */
  onReload(config: GatehouseConfig, hash: string): void | Promise<void>;
  /** An edit that does not validate (or a deleted file); the previous configuration stays in force. */
  onRejected(issues: ConfigIssue[]): void;
  logger: Pick<Logger, 'debug' | 'warn'>;
  /** Quiet time after the last file event before reloading; editors save in several steps. */
  debounceMs?: number;
  /** Hash of the configuration already running; read from the file when omitted. */
  initialHash?: string;
}

export interface ConfigWatcher {
  close(): void;
}

/**
 * The sections a running server cannot swap (the listener, the store, the logger are built once at start);
 * a change to them waits for a restart. Providers and models are what a reload applies.
 */
export const RESTART_SECTIONS = ['server', 'logging', 'storage', 'auth', 'audit', 'telemetry', 'siem', 'controls'] as const;

/**
 * Keys inside reloadable sections that are still built once: the limit counters' backend (its Redis
 * connection, and the counters themselves) outlive reloads; the limit sets around them reload.
 */
const RESTART_KEYS = [
  ['limits', 'backend'],
  ['limits', 'redis'],
] as const;

/** Which restart-only sections (or `section.key`s) differ between two configurations. */
export function sectionsNeedingRestart(previous: GatehouseConfig, next: GatehouseConfig): string[] {
  const changed: string[] = RESTART_SECTIONS.filter((section) => JSON.stringify(previous[section]) !== JSON.stringify(next[section]));
  for (const [section, key] of RESTART_KEYS) {
    if (JSON.stringify(previous[section][key]) !== JSON.stringify(next[section][key])) changed.push(`${section}.${key}`);
  }
  return changed;
}

/** The configuration a reload applies: the new one, with every restart-only part kept as it runs. */
export function reloadable(running: GatehouseConfig, next: GatehouseConfig): GatehouseConfig {
  return {
    ...next,
    server: running.server,
    storage: running.storage,
    logging: running.logging,
    auth: running.auth,
    controls: running.controls,
    limits: { ...next.limits, backend: running.limits.backend, redis: running.limits.redis },
  };
}

const EMPTY_HASH = hashText('');

function currentFileHash(path: string): string | undefined {
  try {
    return hashText(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The custom Cedar files a configuration lists, as absolute paths (relative ones are the config folder's). */
function policyPaths(config: GatehouseConfig, configFile: string): string[] {
  return config.policies.files.map((f) => resolve(dirname(configFile), f));
}

/**
 * What the listed policy files hold now: a reload is due when it differs, though gatehouse.yaml did
 * not change. A file that cannot be read counts as its own state, so deleting one is a change too.
 */
function policyDigest(paths: readonly string[]): string {
  return hashText(paths.map((p) => `${p}\0${currentFileHash(p) ?? 'unreadable'}`).join('\0'));
}

/** The policy files of the configuration file as it is on disk now; none when it does not load. */
function policyPathsOnDisk(file: string): string[] {
  try {
    const result = loadConfigText(readFileSync(file, 'utf8'), file);
    return result.ok ? policyPaths(result.config, file) : [];
  } catch {
    return [];
  }
}

/**
 * Reloads the configuration file when it, or a `.cedar` file it lists in `policies.files`, changes. The
 * directories are watched, not the files: editors and `mv`-based deploys replace a file by rename, which
 * a watch on the old inode never sees.
 */
export function watchConfig(path: string, options: WatchConfigOptions): ConfigWatcher {
  const file = resolve(path);
  const { logger, debounceMs = 100 } = options;
  let currentHash = options.initialHash ?? currentFileHash(file);
  let currentPolicies = policyPathsOnDisk(file);
  let currentPolicyDigest = policyDigest(currentPolicies);
  let lastRejected: string | undefined;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;

  async function reloadOnce(): Promise<void> {
    let result = await loadConfigFile(file);
    if (closed) return;
    // A writer truncates before it writes; an empty file is valid (all defaults) but would drop every model.
    if (result.ok && result.hash === EMPTY_HASH) result = { ok: false, source: file, issues: [{ line: 0, column: 0, path: '', message: 'the file is empty' }] };
    if (!result.ok) {
      const key = JSON.stringify(result.issues);
      if (key === lastRejected) return;
      lastRejected = key;
      const more = result.issues.length > 1 ? ` (and ${result.issues.length - 1} more)` : '';
      logger.warn({ file, issues: result.issues }, `kept previous configuration: ${formatIssues(file, result.issues.slice(0, 1))}${more}`);
      options.onRejected(result.issues);
      return;
    }
    lastRejected = undefined;
    const policies = policyPaths(result.config, file);
    const digest = policyDigest(policies);
    if (result.hash === currentHash && digest === currentPolicyDigest) {
      logger.debug({ file }, 'configuration file event without a content change');
      return;
    }
    try {
      await options.onReload(result.config, result.hash);
    } catch (error) {
      logger.warn({ file, error: (error as Error).message }, `kept previous configuration: applying ${file} failed`);
      return;
    }
    currentHash = result.hash;
    currentPolicyDigest = digest;
    if (policies.join('\0') !== currentPolicies.join('\0')) {
      currentPolicies = policies;
      watchFolders();
      // An edit made while the folders were not yet watched raised no event here: look once more.
      again = true;
    }
  }

  async function reload(): Promise<void> {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await reloadOnce();
      } while (again && !closed);
    } finally {
      running = false;
    }
  }

  function schedule(): void {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void reload(), debounceMs);
    timer.unref();
  }

  /** Folder -> the watcher on it; one per folder holding the config file or a listed policy file. */
  const watchers = new Map<string, FSWatcher>();

  function watchFolders(): void {
    const wanted = new Map<string, { names: Set<string>; followAll: boolean }>();
    for (const path of [file, ...currentPolicies]) {
      const folder = wanted.get(dirname(path)) ?? { names: new Set<string>(), followAll: false };
      folder.names.add(basename(path));
      // Kubernetes ConfigMap mounts swap a symlinked directory (`..data`), so events then name other entries.
      folder.followAll ||= isSymlink(path);
      wanted.set(dirname(path), folder);
    }
    for (const [folder, watcher] of watchers) {
      if (wanted.has(folder)) continue;
      watcher.close();
      watchers.delete(folder);
    }
    for (const [folder, { names, followAll }] of wanted) {
      watchers.get(folder)?.close();
      let watcher: FSWatcher;
      try {
        watcher = watch(folder, { persistent: false }, (_event, changed) => {
          if (followAll || !changed || names.has(changed)) schedule();
        });
      } catch (error) {
        // A policy folder that does not exist yet: the reload that lists it reports the missing file.
        logger.warn({ file, folder, error: (error as Error).message }, 'cannot watch a configuration folder; edits there need a restart');
        continue;
      }
      watcher.on('error', (error) => {
        logger.warn({ file, folder, error: error.message }, 'stopped watching a configuration folder; changes there need a restart');
        watcher.close();
      });
      watchers.set(folder, watcher);
    }
  }

  watchFolders();

  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
