import { dirname } from 'node:path';
import type { Command } from 'commander';
import { checkPolicies } from '../../authz/authorizer.js';
import { GuardrailConfigError } from '../../guardrails/profile.js';
import { buildRuntime, closeRuntime } from '../../server/runtime.js';
import { formatIssues, formatPath, loadConfigFile, type ConfigIssue } from '../../config/load.js';
import type { Position } from '../../config/locate.js';
import type { GatehouseConfig } from '../../config/schema.js';
import { createSecretResolver, SecretError, tolerantSecretResolver } from '../../config/secrets.js';
import { displayPath, resolveConfigSource } from '../config-source.js';

/** Exit statuses of `gatehouse check`. */
export const CHECK_EXIT = { ok: 0, invalid: 1, nothingToCheck: 2 } as const;

interface CheckOptions {
  strict?: boolean;
  json?: boolean;
}

interface Output {
  out(text: string): void;
  err(text: string): void;
}

/**
 * Cedar policies: the ones compiled from grants and the custom files, validated against the schema
 * exactly as the gateway will at start. Issues point at `policies.files` and name the policy file's own
 * line and column.
 */
function policyIssues(config: GatehouseConfig, baseDir: string, locate: (path: readonly PropertyKey[]) => Position): ConfigIssue[] {
  if (!config.auth && config.policies.files.length === 0) return [];
  const checked = checkPolicies(config, baseDir);
  if (checked.ok) return [];
  const at = locate(['policies', 'files']);
  return checked.issues.map((issue) => ({
    ...at,
    path: 'policies.files',
    message: `${issue.file}${issue.line ? `:${issue.line}:${issue.column ?? 1}` : ''}: ${issue.message}`,
  }));
}

/** The secret references this configuration will resolve at start, with their data paths. */
function secretReferences(config: GatehouseConfig): Array<{ path: PropertyKey[]; ref: string }> {
  const refs: Array<{ path: PropertyKey[]; ref: string }> = [];
  for (const [id, provider] of Object.entries(config.providers)) {
    if ('apiKey' in provider && provider.apiKey) refs.push({ path: ['providers', id, 'apiKey'], ref: provider.apiKey });
  }
  if (config.auth) refs.push({ path: ['auth', 'secretPepper'], ref: config.auth.secretPepper });
  const url = config.storage.postgres?.url;
  if (config.storage.driver === 'postgres' && url && /^(env|file):/.test(url)) refs.push({ path: ['storage', 'postgres', 'url'], ref: url });
  return refs;
}

/**
 * References that do not resolve in this environment. Only the failure is reported, never a value: the
 * resolver's messages name the reference alone.
 */
function unresolvedSecrets(config: GatehouseConfig, baseDir: string, locate: (path: readonly PropertyKey[]) => Position): ConfigIssue[] {
  const resolveSecret = createSecretResolver(process.env, baseDir);
  const issues: ConfigIssue[] = [];
  for (const { path, ref } of secretReferences(config)) {
    try {
      resolveSecret(ref);
    } catch (error) {
      if (!(error instanceof SecretError)) throw error;
      issues.push({ ...locate(path), path: formatPath(path), message: error.message });
    }
  }
  return issues;
}

function summarize(config: GatehouseConfig): string {
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  return `${count(Object.keys(config.providers).length, 'provider')}, ${count(Object.keys(config.models).length, 'model')}, storage: ${config.storage.driver}`;
}

/**
 * Guardrail profiles: every detector built with its options, as the gateway builds them at start (a bad
 * regex, an llm_judge naming an unknown model, webhook options), so a mistake fails `check`, not the start.
 * Secret references that do not resolve here are the warnings' business, not this check's.
 */
async function guardrailIssues(config: GatehouseConfig, baseDir: string, locate: (path: readonly PropertyKey[]) => Position): Promise<ConfigIssue[]> {
  if (Object.keys(config.guardrails.profiles).length === 0) return [];
  const tolerant = tolerantSecretResolver(createSecretResolver(process.env, baseDir), 'unresolved-during-check');
  try {
    void closeRuntime(await buildRuntime(config, 'check', { resolveSecret: tolerant, baseDir }));
    return [];
  } catch (err) {
    if (!(err instanceof GuardrailConfigError)) return [];
    const match = /^(guardrails\.profiles\.[^:\s]+): ([\s\S]*)$/.exec(err.message);
    const path = match ? (match[1] as string) : 'guardrails';
    return [{ ...locate(path.split('.')), path, message: match ? (match[2] as string) : err.message }];
  }
}

async function runCheck(fileArg: string | undefined, options: CheckOptions, output: Output): Promise<number> {
  const source = resolveConfigSource(fileArg);
  if (source.kind === 'demo') {
    const message = 'no configuration file to check: pass a path, set GATEHOUSE_CONFIG or create ./gatehouse.yaml';
    if (options.json) output.out(`${JSON.stringify({ ok: false, issues: [{ line: 0, column: 0, path: '', message }], warnings: [] })}\n`);
    else output.err(`${message}\n`);
    return CHECK_EXIT.nothingToCheck;
  }
  const file = displayPath(source.path);
  const result = await loadConfigFile(source.path);
  const issues = result.ok
    ? [...policyIssues(result.config, dirname(source.path), result.locate), ...(await guardrailIssues(result.config, dirname(source.path), result.locate))]
    : result.issues;
  let warnings = result.ok ? unresolvedSecrets(result.config, dirname(source.path), result.locate) : [];
  if (options.strict) {
    issues.push(...warnings);
    warnings = [];
  }
  const ok = issues.length === 0;

  if (options.json) {
    const summary = result.ok ? { summary: summarize(result.config) } : {};
    output.out(`${JSON.stringify({ ok, file, issues, warnings, ...summary })}\n`);
    return ok ? CHECK_EXIT.ok : CHECK_EXIT.invalid;
  }
  if (warnings.length)
    output.err(
      `${formatIssues(
        file,
        warnings.map((w) => ({ ...w, message: `warning: ${w.message}` })),
      )}\n`,
    );
  if (!ok) {
    output.err(`${formatIssues(file, issues)}\n${file}: invalid (${issues.length} problem${issues.length === 1 ? '' : 's'})\n`);
    return CHECK_EXIT.invalid;
  }
  if (result.ok) output.out(`${file}: valid (${summarize(result.config)})\n`);
  return CHECK_EXIT.ok;
}

/** `gatehouse check [file]`: validates a configuration file without starting anything (for editors and CI). */
export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .description('validate a configuration file: schema, references and secret references (exit 1 when invalid)')
    .argument('[file]', 'configuration file (default: $GATEHOUSE_CONFIG, else ./gatehouse.yaml)')
    .option('--strict', 'treat secret references that do not resolve here as errors')
    .option('--json', 'machine-readable output: {ok, file, issues, warnings}')
    .action(async function checkAction(this: Command, file: string | undefined, options: CheckOptions) {
      const config = this.configureOutput();
      const output: Output = {
        out: (text) => (config.writeOut ? config.writeOut(text) : process.stdout.write(text)),
        err: (text) => (config.writeErr ? config.writeErr(text) : process.stderr.write(text)),
      };
      const status = await runCheck(file, options, output);
      // exitCode rather than exit(): output written to a pipe must drain before the process ends.
      if (status !== CHECK_EXIT.ok) process.exitCode = status;
    });
}
