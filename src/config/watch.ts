import { watch, lstatSync, readFileSync, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Logger } from '../log/logger.js';
import { formatIssues, hashText, loadConfigFile, type ConfigIssue } from './load.js';
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

/**
 * Reloads the configuration file when it changes. The directory is watched, not the file: editors and
 * `mv`-based deploys replace the file by rename, which a watch on the old inode never sees.
 */
export function watchConfig(path: string, options: WatchConfigOptions): ConfigWatcher {
  const file = resolve(path);
  const name = basename(file);
  const { logger, debounceMs = 100 } = options;
  // Kubernetes ConfigMap mounts swap a symlinked directory (`..data`), so events then name other entries.
  const followAllEvents = isSymlink(file);
  let currentHash = options.initialHash ?? currentFileHash(file);
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
    if (result.hash === currentHash) {
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

  const watcher: FSWatcher = watch(dirname(file), { persistent: false }, (_event, changed) => {
    if (followAllEvents || !changed || changed === name) schedule();
  });
  watcher.on('error', (error) => {
    logger.warn({ file, error: error.message }, 'stopped watching the configuration file; changes need a restart');
    watcher.close();
  });

  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      watcher.close();
    },
  };
}
