import { isAbsolute, resolve } from 'node:path';
import type { DetectorPolicyConfig, GuardrailProfileConfig } from './schema-guardrails.js';
import { siemSpoolDir, type SiemSinkConfig } from './schema-siem.js';
import type { GatehouseConfig } from './schema.js';

/**
 * Every field of the configuration that names a file or folder, as `docs/configuration.md` lists them.
 * A relative value (and a default such as `./data/gatehouse.db`) is relative to the folder of the
 * configuration file that holds it, never to the working directory: `gatehouse -c other/gatehouse.yaml`
 * works on other/'s files from anywhere. resolveConfigPaths writes these out as absolute paths at load.
 */
export const CONFIG_PATH_FIELDS = [
  'storage.sqlite.path',
  'audit.keyFile',
  'audit.checkpointFile',
  'audit.content.keyFile',
  'siem.sinks.<name>.spoolDir',
  'siem.sinks.<name>.caFile',
  'guardrails.profiles.<name>.input.classifier.options.path',
  'guardrails.profiles.<name>.output.classifier.options.path',
] as const;

/**
 * Paths kept as written, and resolved against the configuration file's folder where they are read:
 * a policy file's name is part of its policies' ids (`file:<name>:<index>`) and so of the policy version,
 * which must not change when the deployment folder moves; a `file:` secret reference stays a reference.
 */
export const CONFIG_PATHS_KEPT_AS_WRITTEN = ['policies.files[]', 'file: secret references'] as const;

/** better-sqlite3's name for a database that lives in memory only: not a path. */
const SQLITE_IN_MEMORY = ':memory:';

type Resolve = (path: string) => string;

function mapValues<T, U>(record: Record<string, T>, map: (value: T, key: string) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value, key)]));
}

/** The sink with its spool folder written out (the default is a path too) and its CA file resolved. */
function sinkPaths(sink: SiemSinkConfig, name: string, at: Resolve): SiemSinkConfig {
  return { ...sink, spoolDir: at(siemSpoolDir(name, sink)), ...(sink.caFile === undefined ? {} : { caFile: at(sink.caFile) }) };
}

/** Detector options are the detector's to validate; only a classifier's `path` (its model folder) is a path. */
function classifierPath<T extends Partial<Record<string, DetectorPolicyConfig>>>(policies: T, at: Resolve): T {
  const classifier = policies.classifier;
  const path = classifier?.options.path;
  if (!classifier || typeof path !== 'string' || path === '') return policies;
  return { ...policies, classifier: { ...classifier, options: { ...classifier.options, path: at(path) } } };
}

function profilePaths(profile: GuardrailProfileConfig, at: Resolve): GuardrailProfileConfig {
  return { ...profile, input: classifierPath(profile.input, at), output: classifierPath(profile.output, at) };
}

/**
 * The configuration with every path of CONFIG_PATH_FIELDS absolute, relative ones resolved against
 * `baseDir` (the configuration file's folder). Absolute paths and SQLite's `:memory:` are kept; applying
 * it twice changes nothing. The input is not modified.
 */
export function resolveConfigPaths(config: GatehouseConfig, baseDir: string): GatehouseConfig {
  const at: Resolve = (path) => (isAbsolute(path) ? path : resolve(baseDir, path));
  const { storage, audit } = config;
  const sqlitePath = storage.sqlite.path === SQLITE_IN_MEMORY ? SQLITE_IN_MEMORY : at(storage.sqlite.path);
  return {
    ...config,
    storage: { ...storage, sqlite: { ...storage.sqlite, path: sqlitePath } },
    audit: {
      ...audit,
      keyFile: at(audit.keyFile),
      ...(audit.checkpointFile === undefined ? {} : { checkpointFile: at(audit.checkpointFile) }),
      content: { ...audit.content, keyFile: at(audit.content.keyFile) },
    },
    siem: { ...config.siem, sinks: mapValues(config.siem.sinks, (sink, name) => sinkPaths(sink, name, at)) },
    guardrails: { ...config.guardrails, profiles: mapValues(config.guardrails.profiles, (profile) => profilePaths(profile, at)) },
  };
}
