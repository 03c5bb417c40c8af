import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import type { JWK } from 'jose';
import { checkpointNow } from '../../audit/checkpointer.js';
import { publicKeyFromJwk } from '../../audit/keys.js';
import { loadCheckpointSigner } from '../../audit/signer-setup.js';
import { verifyStore } from '../../audit/verify-store.js';
import type { VerifyReport } from '../../audit/verify.js';
import { createSecretResolver } from '../../config/secrets.js';
import { openStore } from '../../storage/open-store.js';
import type { Store } from '../../storage/store.js';
import { loadConfigForCli } from '../config-source.js';
import { purgeContent, recordAction } from '../../audit/retention.js';
import { LegalHoldError } from '../../storage/content-repository.js';
import { registerAuditSearch } from './audit-search.js';

const configOption = ['-c, --config <file>', 'configuration file (default: $GATEHOUSE_CONFIG, else ./gatehouse.yaml)'] as const;

/**
 * `gatehouse audit verify|checkpoint|checkpoints|keys`: check the tamper-evident trail, anchor it now,
 * and export what an auditor keeps outside the operator's reach (checkpoints and public keys).
 */
export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('verify and export the tamper-evident audit trail');
  registerAuditSearch(audit);

  audit
    .command('verify')
    .description('check the hash chain, the signed checkpoints and the search table; names the first bad record (exit 1)')
    .option('--keys <file>', 'trust only these checkpoint keys (a JWKS file from `gatehouse audit keys`), not the ones in the database')
    .option('--checkpoints <file>', 'also check checkpoints exported earlier (JSON Lines from `gatehouse audit checkpoints`) against the trail')
    .option('--json', 'print the report as JSON')
    .option(...configOption)
    .action(async (options: { config?: string; keys?: string; checkpoints?: string; json?: boolean }) => {
      await withStore(options.config, async (store) => {
        const keys = options.keys === undefined ? undefined : readJwks(options.keys);
        let report = await verifyStore(store, keys);
        if (report.ok && options.checkpoints !== undefined) report = await compareExported(store, report, options.checkpoints);
        process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : describeReport(report));
        if (!report.ok) process.exitCode = 1;
      });
    });

  audit
    .command('checkpoint')
    .description('sign a checkpoint over every entry not yet covered (the gateway also does this on a timer)')
    .option(...configOption)
    .action(async (options: { config?: string }) => {
      const { config, baseDir } = await loadConfigForCli(options.config);
      await withStore(options.config, async (store) => {
        const { signer } = await loadCheckpointSigner(config.audit, createSecretResolver(process.env, baseDir), store, process.cwd());
        const made = await checkpointNow(store, signer);
        process.stdout.write(made.length === 0 ? 'nothing new to checkpoint\n' : made.map((c) => `checkpoint ${c.from}..${c.to} root ${c.root} key ${c.keyId}\n`).join(''));
      });
    });

  audit
    .command('checkpoints')
    .description('print the signed checkpoints as JSON Lines, for anchoring outside the operator\'s control')
    .option('--after <seq>', 'only checkpoints ending after this entry', '0')
    .option(...configOption)
    .action(async (options: { config?: string; after: string }) => {
      const after = Number(options.after);
      if (!Number.isInteger(after) || after < 0) throw new Error('--after must be a non-negative integer');
      await withStore(options.config, async (store) => {
        for (const cp of await store.audit.checkpoints()) if (cp.to > after) process.stdout.write(`${JSON.stringify(cp)}\n`);
      });
    });

  audit
    .command('purge')
    .description('delete stored content past audit.retention.contentDays now (held subjects are kept); recorded in the trail')
    .option('--days <n>', 'override the retention period for this run')
    .option(...configOption)
    .action(async (options: { config?: string; days?: string }) => {
      const { config } = await loadConfigForCli(options.config);
      const days = options.days === undefined ? config.audit.retention.contentDays : Number(options.days);
      if (!Number.isInteger(days) || days < 0) throw new Error('--days must be a non-negative integer');
      await withStore(options.config, async (store) => {
        process.stdout.write(`purged ${await purgeContent(store, days, cliActor())} content row(s) older than ${days} day(s)\n`);
      });
    });

  audit
    .command('hold <subject>')
    .description('put a subject (user:<end user> or identity:<id>) under legal hold: no purge, no erasure')
    .requiredOption('--reason <text>', 'why, e.g. a case number')
    .option(...configOption)
    .action(async (subject: string, options: { config?: string; reason: string }) => {
      await withStore(options.config, async (store) => {
        const t0 = performance.now();
        await store.content.hold({ subject, reason: options.reason, createdAt: Date.now(), createdBy: cliActor() });
        await recordAction(store, cliActor(), 'content.hold', `${subject} reason=${options.reason}`, t0);
        process.stdout.write(`${subject} is under legal hold\n`);
      });
    });

  audit
    .command('release <subject>')
    .description('lift a legal hold')
    .option(...configOption)
    .action(async (subject: string, options: { config?: string }) => {
      await withStore(options.config, async (store) => {
        const t0 = performance.now();
        const released = await store.content.release(subject);
        if (released) await recordAction(store, cliActor(), 'content.release', subject, t0);
        process.stdout.write(released ? `released ${subject}\n` : `${subject} was not under legal hold\n`);
      });
    });

  audit
    .command('holds')
    .description('list legal holds')
    .option(...configOption)
    .action(async (options: { config?: string }) => {
      await withStore(options.config, async (store) => {
        for (const h of await store.content.holds()) process.stdout.write(`${h.subject}\t${new Date(h.createdAt).toISOString()}\t${h.createdBy}\t${h.reason}\n`);
      });
    });

  audit
    .command('erase <subject>')
    .description("erase one subject's stored content by deleting it and its key (user:<end user> or identity:<id>); records stay and verify still passes")
    .option(...configOption)
    .action(async (subject: string, options: { config?: string }) => {
      await withStore(options.config, async (store) => {
        const t0 = performance.now();
        try {
          const { rows } = await store.content.erase(subject, Date.now());
          await recordAction(store, cliActor(), 'content.erase', `${subject} rows=${rows}`, t0);
          process.stdout.write(`erased ${subject}: ${rows} content row(s) deleted and the subject key destroyed\n`);
        } catch (err) {
          if (!(err instanceof LegalHoldError)) throw err;
          process.stderr.write(`${err.message}\n`);
          process.exitCode = 1;
        }
      });
    });

  audit
    .command('keys')
    .description('print the public keys that signed checkpoints, as a JWKS (keep a copy for `verify --keys`)')
    .option(...configOption)
    .action(async (options: { config?: string }) => {
      await withStore(options.config, async (store) => {
        const keys = (await store.audit.keys()).map((k) => ({ ...k.publicJwk, kid: k.keyId, use: 'sig', alg: 'EdDSA' }));
        process.stdout.write(`${JSON.stringify({ keys }, null, 2)}\n`);
      });
    });
}

function cliActor(): string {
  return `cli:${userInfo().username}`;
}

async function withStore(configFile: string | undefined, run: (store: Store) => Promise<void>): Promise<void> {
  const { config, baseDir } = await loadConfigForCli(configFile);
  const store = await openStore(config.storage, createSecretResolver(process.env, baseDir));
  try {
    await store.migrate();
    await run(store);
  } catch (err) {
    process.stderr.write(`audit: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  } finally {
    await store.close();
  }
}

function readJwks(path: string): Map<string, KeyObject> {
  const jwks = JSON.parse(readFileSync(path, 'utf8')) as { keys?: Array<JWK & { kid?: string }> };
  if (!Array.isArray(jwks.keys)) throw new Error(`${path}: not a JWKS (no "keys" array)`);
  return new Map(jwks.keys.map((k) => [String(k.kid), publicKeyFromJwk({ kty: k.kty, crv: k.crv, x: k.x } as JWK)]));
}

/** Checkpoints kept outside must still be in the trail, unchanged: one missing or altered means a rewrite. */
async function compareExported(store: Store, report: VerifyReport, path: string): Promise<VerifyReport> {
  const stored = new Map((await store.audit.checkpoints()).map((c) => [c.to, c]));
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
  for (const line of lines) {
    const exported = JSON.parse(line) as { from: number; to: number; root: string; signature: string };
    const cp = stored.get(exported.to);
    if (!cp || cp.root !== exported.root || cp.from !== exported.from || cp.signature !== exported.signature) {
      return { ...report, ok: false, problem: { kind: 'checkpoint', seq: exported.from, ref: null, detail: `exported checkpoint ${exported.from}..${exported.to} is ${cp ? 'different' : 'missing'} in the trail: entries in that range were rewritten or removed` } };
    }
  }
  return report;
}

function describeReport(r: VerifyReport): string {
  if (r.ok) {
    return `audit trail OK: ${r.entries} entries, ${r.checkpoints} checkpoints (signed through entry ${r.anchoredThrough}), head ${r.head.seq} ${r.head.hash}\n` +
      (r.anchoredThrough < r.head.seq ? `note: entries ${r.anchoredThrough + 1}..${r.head.seq} are not yet under a signed checkpoint\n` : '');
  }
  const p = r.problem as NonNullable<VerifyReport['problem']>;
  const where = p.seq === null ? '' : ` at entry ${p.seq}`;
  return `audit trail FAILED${where}${p.ref ? ` (request ${p.ref})` : ''}: ${p.kind}: ${p.detail}\n(${r.entries} entries verified before it)\n`;
}
