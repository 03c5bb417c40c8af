import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { demoConfig } from '../config/demo.js';
import { formatIssues, hashText, loadConfigFile } from '../config/load.js';
import { resolveConfigPaths } from '../config/paths.js';
import type { GatehouseConfig } from '../config/schema.js';

/** The name of the configuration file looked for in the working directory. */
export const DEFAULT_CONFIG_FILE = 'gatehouse.yaml';

export type ConfigSource =
  /** `explicit`: named by --config or GATEHOUSE_CONFIG, so a missing file is an error rather than a fallback. */
  { kind: 'file'; path: string; explicit: boolean } | { kind: 'demo' };

/**
 * Which configuration to run: the `--config` path, else `GATEHOUSE_CONFIG`, else `./gatehouse.yaml` when it
 * exists, else the built-in demo.
 */
export function resolveConfigSource(explicit?: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ConfigSource {
  if (explicit) return { kind: 'file', path: resolve(cwd, explicit), explicit: true };
  if (env.GATEHOUSE_CONFIG) return { kind: 'file', path: resolve(cwd, env.GATEHOUSE_CONFIG), explicit: true };
  const local = resolve(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(local) ? { kind: 'file', path: local, explicit: false } : { kind: 'demo' };
}

/** A file path as the user would type it: relative to the working directory when inside it. */
export function displayPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

export interface CliConfig {
  /** Its paths are absolute: relative ones were resolved against `baseDir` (config/paths.ts). */
  config: GatehouseConfig;
  /** The configuration file's folder (the working directory for the demo): relative paths and `file:` secrets resolve against it. */
  baseDir: string;
  /** The file path, or `demo`. */
  source: string;
  hash: string;
  isDemo: boolean;
}

/** A configuration that cannot be run; `report` is the formatted issues, ready for stderr. */
export class ConfigLoadError extends Error {
  constructor(readonly report: string) {
    super(report);
    this.name = 'ConfigLoadError';
  }
}

/**
 * Loads the configuration a CLI command runs with; throws ConfigLoadError carrying the formatted issues.
 * The demo stands in for a `./gatehouse.yaml`, so its paths (./data/gatehouse.db) are the working directory's.
 */
export async function readCliConfig(file?: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<CliConfig> {
  const source = resolveConfigSource(file, env, cwd);
  if (source.kind === 'demo') {
    let config: GatehouseConfig;
    try {
      config = demoConfig(env);
    } catch (error) {
      throw new ConfigLoadError(`demo configuration: ${(error as Error).message}`);
    }
    return { config: resolveConfigPaths(config, cwd), baseDir: cwd, source: 'demo', hash: hashText(JSON.stringify(config)), isDemo: true };
  }
  const result = await loadConfigFile(source.path);
  if (!result.ok) throw new ConfigLoadError(formatIssues(displayPath(source.path, cwd), result.issues));
  return { config: result.config, baseDir: dirname(source.path), source: source.path, hash: result.hash, isDemo: false };
}

/**
 * Like readCliConfig, for commands that cannot run without a valid configuration: on an invalid or missing file
 * it prints the issues to stderr and exits with status 1.
 */
export async function loadConfigForCli(file?: string): Promise<CliConfig> {
  try {
    return await readCliConfig(file);
  } catch (error) {
    if (!(error instanceof ConfigLoadError)) throw error;
    process.stderr.write(`${error.report}\n`);
    process.exit(1);
  }
}
