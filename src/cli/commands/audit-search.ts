import { userInfo } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import type { ContentPolicy } from '../../audit/content-policy.js';
import { openContentReader } from '../../audit/content-setup.js';
import { recordAction } from '../../audit/retention.js';
import { MAX_SEARCH_LIMIT, OUTCOMES, parseInstant, searchAudit, type AuditQuery, type AuditRecord } from '../../audit/search.js';
import type { GatehouseConfig } from '../../config/schema.js';
import { createSecretResolver } from '../../config/secrets.js';
import { GatewayError } from '../../core/errors.js';
import type { Store } from '../../storage/store.js';
import { loadConfigForCli } from '../config-source.js';
import { openConfiguredStore } from '../configured-store.js';

interface SearchOptions {
  from?: string;
  to?: string;
  identity?: string;
  endUser?: string;
  model?: string;
  outcome?: string;
  reason?: string;
  detector?: string;
  operation?: string;
  conversation?: string;
  text?: string;
  limit?: string;
  cursor?: string;
  json?: boolean;
  content?: boolean;
  config?: string;
}

/**
 * `gatehouse audit search`: the admin API's audit search, on the configured store directly. The operator
 * holds the config and its master key, so `--content` and `--text` decrypt stored content without a
 * role check. Each search is itself recorded in the trail, by `cli:<os user>`.
 */
export function registerAuditSearch(audit: Command): void {
  audit
    .command('search')
    .description('search the audit records, newest first; --text and --content read stored content with the master key')
    .option('--from <time>', 'records at or after this time (ISO 8601 or ms since the epoch)')
    .option('--to <time>', 'records before this time (ISO 8601 or ms since the epoch)')
    .option('--identity <id>', 'the calling identity')
    .option('--end-user <id>', 'the end user')
    .option('--model <name>', 'the model requested')
    .option('--outcome <outcome>', OUTCOMES.join(' | '))
    .option('--reason <code>', 'reason code, e.g. input_blocked')
    .option('--detector <name>', 'records with a finding by this detector, e.g. pii')
    .option('--operation <op>', 'chat | embeddings | models | admin | token | unknown')
    .option('--conversation <id>', 'the conversation id')
    .option('--text <text>', 'case-insensitive text in the stored prompt or answer (modes redacted and full)')
    .option('--limit <n>', `records per page, 1..${MAX_SEARCH_LIMIT}`, '50')
    .option('--cursor <cursor>', 'continue a previous search (printed after its results)')
    .option('--content', "print each record's stored content, decrypted")
    .option('--json', 'print JSON Lines, one record each (the next cursor goes to stderr)')
    .option('-c, --config <file>', 'configuration file (default: $GATEHOUSE_CONFIG, else ./gatehouse.yaml)')
    .action(async function auditSearch(options: SearchOptions) {
      const loaded = await loadConfigForCli(options.config);
      const { config, baseDir } = loaded;
      let query: AuditQuery;
      try {
        query = cliQuery(options);
      } catch (err) {
        return refuse(err);
      }
      const store = await openConfiguredStore(loaded, createSecretResolver(process.env, baseDir), (text) => process.stderr.write(text));
      try {
        await store.migrate();
        const t0 = performance.now();
        const readContent = options.content === true || options.text !== undefined;
        const content = readContent ? contentReader(config, baseDir, store) : undefined;
        const result = await searchAudit(store, content, query, {
          includeContent: options.content === true,
          ...(options.text === undefined ? {} : { text: options.text }),
        });
        const what = `exchanges returned=${result.records.length} scanned=${result.scanned} content=${options.content ? 'yes' : 'no'}${options.text === undefined ? '' : ' text'}`;
        await recordAction(store, `cli:${userInfo().username}`, 'audit.read', what, t0);
        for (const rec of result.records) process.stdout.write(options.json ? `${JSON.stringify(rec)}\n` : line(rec));
        if (options.text !== undefined) process.stderr.write(`scanned ${result.scanned} record(s)\n`);
        if (result.unreadable > 0) process.stderr.write(`warning: ${result.unreadable} stored content row(s) could not be decrypted with this master key\n`);
        if (result.nextCursor !== null) (options.json ? process.stderr : process.stdout).write(`next: --cursor ${result.nextCursor}\n`);
      } catch (err) {
        if (err instanceof GatewayError) refuse(err);
        else {
          process.stderr.write(`audit: ${err instanceof Error ? err.message : String(err)}\n`);
          process.exitCode = 2;
        }
      } finally {
        await store.close();
      }
    });
}

function cliQuery(o: SearchOptions): AuditQuery {
  const query: AuditQuery = {};
  if (o.from !== undefined) query.from = parseInstant(o.from, 'from');
  if (o.to !== undefined) query.to = parseInstant(o.to, 'to');
  if (o.identity !== undefined) query.identityId = o.identity;
  if (o.endUser !== undefined) query.endUser = o.endUser;
  if (o.model !== undefined) query.modelRequested = o.model;
  if (o.outcome !== undefined) {
    const outcome = OUTCOMES.find((x) => x === o.outcome);
    if (!outcome) throw new GatewayError('invalid_request', `outcome: expected one of ${OUTCOMES.join(', ')}`, { param: 'outcome' });
    query.outcome = outcome;
  }
  if (o.reason !== undefined) query.reason = o.reason;
  if (o.detector !== undefined) query.detector = o.detector;
  if (o.operation !== undefined) query.operation = o.operation;
  if (o.conversation !== undefined) query.conversationId = o.conversation;
  if (o.text !== undefined && o.text === '') throw new GatewayError('invalid_request', 'text: must not be empty', { param: 'text' });
  const limit = Number(o.limit ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT)
    throw new GatewayError('invalid_request', `limit: expected an integer from 1 to ${MAX_SEARCH_LIMIT}`, { param: 'limit' });
  query.limit = limit;
  if (o.cursor !== undefined) query.cursor = o.cursor;
  return query;
}

/** The content policy for reading, whatever mode is configured now; never creates a master key. */
function contentReader(config: GatehouseConfig, baseDir: string, store: Store): ContentPolicy {
  return openContentReader(config.audit, createSecretResolver(process.env, baseDir), store, process.cwd());
}

/** `time  id  identity  model  outcome  reason  findings`, and the content below it when asked for. */
function line(rec: AuditRecord): string {
  const counts = new Map<string, number>();
  // A count entry stands for `omitted` findings the record did not list.
  for (const f of rec.findings) counts.set(f.detector, (counts.get(f.detector) ?? 0) + (f.omitted ?? 1));
  const findings = counts.size === 0 ? '-' : [...counts].map(([d, n]) => `${d}:${n}`).join(',');
  const cells = [new Date(rec.createdAt).toISOString(), rec.id, rec.identityId, rec.modelRequested ?? '-', rec.outcome, rec.reason, findings];
  return `${cells.join('  ')}\n${'content' in rec ? `  content: ${JSON.stringify(rec.content)}\n` : ''}`;
}

function refuse(err: unknown): void {
  if (!(err instanceof GatewayError)) throw err;
  process.stderr.write(`${err.reason}: ${err.message}\n`);
  process.exitCode = 1;
}
