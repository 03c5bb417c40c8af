import { watch, lstatSync, readFileSync, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Logger } from '../log/logger.js';
import { formatIssues, hashText, loadConfigFile, loadConfigText, type ConfigIssue, type LoadResult } from './load.js';
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
  const watcher = new ConfigFileWatch(resolve(path), options);
  watcher.watchFolders();
  return {
    close() {
      watcher.close();
    },
  };
}

/** Which names to follow in one watched folder. */
interface FolderInterest {
  names: Set<string>;
  followAll: boolean;
}

/** The folders holding the given files, with the names in each to follow. */
function foldersOf(paths: readonly string[]): Map<string, FolderInterest> {
  const wanted = new Map<string, FolderInterest>();
  for (const path of paths) {
    const folder = wanted.get(dirname(path)) ?? { names: new Set<string>(), followAll: false };
    folder.names.add(basename(path));
    // Kubernetes ConfigMap mounts swap a symlinked directory (`..data`), so events then name other entries.
    folder.followAll ||= isSymlink(path);
    wanted.set(dirname(path), folder);
  }
  return wanted;
}

/** The loaded file, with an empty one refused: a writer truncates before it writes, and empty (all defaults) would drop every model. */
async function loadNonEmpty(file: string): Promise<LoadResult> {
  const result = await loadConfigFile(file);
  if (result.ok && result.hash === EMPTY_HASH) return { ok: false, source: file, issues: [{ line: 0, column: 0, path: '', message: 'the file is empty' }] };
  return result;
}

/** One watched configuration file: its folder watchers, the debounce timer and the reload loop. */
class ConfigFileWatch {
  readonly #logger: WatchConfigOptions['logger'];
  readonly #debounceMs: number;
  #currentHash: string | undefined;
  #currentPolicies: string[];
  #currentPolicyDigest: string;
  #lastRejected: string | undefined;
  #closed = false;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #again = false;
  /** Folder -> the watcher on it; one per folder holding the config file or a listed policy file. */
  readonly #watchers = new Map<string, FSWatcher>();

  constructor(
    private readonly file: string,
    private readonly options: WatchConfigOptions,
  ) {
    this.#logger = options.logger;
    this.#debounceMs = options.debounceMs ?? 100;
    this.#currentHash = options.initialHash ?? currentFileHash(file);
    this.#currentPolicies = policyPathsOnDisk(file);
    this.#currentPolicyDigest = policyDigest(this.#currentPolicies);
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    for (const watcher of this.#watchers.values()) watcher.close();
    this.#watchers.clear();
  }

  watchFolders(): void {
    const wanted = foldersOf([this.file, ...this.#currentPolicies]);
    for (const [folder, watcher] of this.#watchers) {
      if (wanted.has(folder)) continue;
      watcher.close();
      this.#watchers.delete(folder);
    }
    for (const [folder, interest] of wanted) {
      this.#watchers.get(folder)?.close();
      const watcher = this.#watchFolder(folder, interest);
      if (watcher) this.#watchers.set(folder, watcher);
    }
  }

  #watchFolder(folder: string, { names, followAll }: FolderInterest): FSWatcher | undefined {
    const file = this.file;
    let watcher: FSWatcher;
    try {
      watcher = watch(folder, { persistent: false }, (_event, changed) => {
        if (followAll || !changed || names.has(changed)) this.#schedule();
      });
    } catch (error) {
      // A policy folder that does not exist yet: the reload that lists it reports the missing file.
      this.#logger.warn({ file, folder, error: (error as Error).message }, 'cannot watch a configuration folder; edits there need a restart');
      return undefined;
    }
    watcher.on('error', (error) => {
      this.#logger.warn({ file, folder, error: error.message }, 'stopped watching a configuration folder; changes there need a restart');
      watcher.close();
    });
    return watcher;
  }

  #schedule(): void {
    if (this.#closed) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#reload(), this.#debounceMs);
    this.#timer.unref();
  }

  async #reload(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    try {
      do {
        this.#again = false;
        await this.#reloadOnce();
      } while (this.#again && !this.#closed);
    } finally {
      this.#running = false;
    }
  }

  async #reloadOnce(): Promise<void> {
    const { file, options } = this;
    const result = await loadNonEmpty(file);
    if (this.#closed) return;
    if (!result.ok) return this.#rejected(result.issues);
    this.#lastRejected = undefined;
    const policies = policyPaths(result.config, file);
    const digest = policyDigest(policies);
    if (result.hash === this.#currentHash && digest === this.#currentPolicyDigest) {
      this.#logger.debug({ file }, 'configuration file event without a content change');
      return;
    }
    try {
      await options.onReload(result.config, result.hash);
    } catch (error) {
      this.#logger.warn({ file, error: (error as Error).message }, `kept previous configuration: applying ${file} failed`);
      return;
    }
    this.#currentHash = result.hash;
    this.#currentPolicyDigest = digest;
    if (policies.join('\0') !== this.#currentPolicies.join('\0')) {
      this.#currentPolicies = policies;
      this.watchFolders();
      // An edit made while the folders were not yet watched raised no event here: look once more.
      this.#again = true;
    }
  }

  /** Reports a configuration that does not load, once per distinct set of issues. */
  #rejected(issues: ConfigIssue[]): void {
    const key = JSON.stringify(issues);
    if (key === this.#lastRejected) return;
    this.#lastRejected = key;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    this.#logger.warn({ file: this.file, issues }, `kept previous configuration: ${formatIssues(this.file, issues.slice(0, 1))}${more}`);
    this.options.onRejected(issues);
  }
}
