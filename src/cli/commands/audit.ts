import { userInfo } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { checkpointFilePath, openCheckpointLog } from '../../audit/anchor-setup.js';
import { createAnchoredCheckpointer } from '../../audit/checkpointer.js';
import { loadCheckpointSigner } from '../../audit/signer-setup.js';
import { verifyAnchored } from '../../audit/verify-anchored.js';
import type { VerifyReport } from '../../audit/verify.js';
import { createSecretResolver } from '../../config/secrets.js';
import type { Store } from '../../storage/store.js';
import { loadConfigForCli } from '../config-source.js';
import { openConfiguredStore } from '../configured-store.js';
import { purgeContent, recordAction } from '../../audit/retention.js';
import { LegalHoldError } from '../../storage/content-repository.js';
import { registerAuditSearch } from './audit-search.js';

const configOption = ['-c, --config <file>', 'configuration file (default: $GATEHOUSE_CONFIG, else ./gatehouse.yaml)'] as const;

/**
 * `gatehouse audit ...`: search the records, check the tamper-evident trail, anchor it now, export what an
 * auditor keeps outside the operator's reach (checkpoints and public keys), and manage stored content
 * (purge, legal holds, erasure).
 */
export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('verify and export the tamper-evident audit trail');
  registerAuditSearch(audit);
  registerVerifyCommand(audit);
  registerCheckpointCommands(audit);
  registerPurgeCommand(audit);
  registerLegalHoldCommands(audit);
  registerEraseCommand(audit);
  registerKeysCommand(audit);
}

/** `audit verify`: the chain, the checkpoints and the search table, against the checkpoint log outside the database. */
function registerVerifyCommand(audit: Command): void {
  audit
    .command('verify')
    .description(
      'check the hash chain, the signed checkpoints and the search table against the checkpoint log outside the database; names the first bad record (exit 1)',
    )
    .option(
      '--keys <file>',
      'trust only these checkpoint keys (a JWKS file from `gatehouse audit keys`); default: the configured key and the keys in the checkpoint log, never keys found only in the database',
    )
    .option(
      '--checkpoints <file>',
      'check against these checkpoints (JSON Lines from `gatehouse audit checkpoints`) instead of the configured checkpoint log (audit.checkpointFile)',
    )
    .option('--allow-missing-checkpoints', 'a brand-new gateway: pass although no checkpoint was signed yet and the checkpoint log does not exist yet')
    .option('--json', 'print the report as JSON')
    .option(...configOption)
    .action(async function verifyAction(
      this: Command,
      options: { config?: string; keys?: string; checkpoints?: string; allowMissingCheckpoints?: boolean; json?: boolean },
    ) {
      const { out, err } = outputOf(this);
      await withStore(
        options.config,
        async (store, { config, baseDir }) => {
          const report = await verifyAnchored(store, config, createSecretResolver(process.env, baseDir), process.cwd(), {
            keysFile: options.keys,
            checkpointsFile: options.checkpoints,
            allowMissingCheckpoints: options.allowMissingCheckpoints === true,
          });
          out(options.json ? `${JSON.stringify(report)}\n` : describeReport(report));
          if (!report.ok) process.exitCode = 1;
        },
        err,
      );
    });
}

/** `audit checkpoint` signs one now; `audit checkpoints` exports them as JSON Lines. */
function registerCheckpointCommands(audit: Command): void {
  audit
    .command('checkpoint')
    .description('sign a checkpoint over every entry not yet covered and append it to the checkpoint log (the gateway also does this on a timer)')
    .option(...configOption)
    .action(async function checkpointAction(this: Command, options: { config?: string }) {
      const { out, err } = outputOf(this);
      await withStore(
        options.config,
        async (store, { config, baseDir }) => {
          const { signer } = await loadCheckpointSigner(config.audit, createSecretResolver(process.env, baseDir), store, process.cwd());
          const { log } = await openCheckpointLog(checkpointFilePath(config), store, signer);
          const made = await createAnchoredCheckpointer(store, signer, { log }).run();
          out(made.length === 0 ? 'nothing new to checkpoint\n' : made.map((c) => `checkpoint ${c.from}..${c.to} root ${c.root} key ${c.keyId}\n`).join(''));
        },
        err,
      );
    });

  audit
    .command('checkpoints')
    .description("print the signed checkpoints as JSON Lines, for anchoring outside the operator's control")
    .option('--after <seq>', 'only checkpoints ending after this entry', '0')
    .option(...configOption)
    .action(async function checkpointsAction(this: Command, options: { config?: string; after: string }) {
      const { out, err } = outputOf(this);
      const after = Number(options.after);
      if (!Number.isInteger(after) || after < 0) throw new Error('--after must be a non-negative integer');
      await withStore(
        options.config,
        async (store) => {
          for (const cp of await store.audit.checkpoints()) if (cp.to > after) out(`${JSON.stringify(cp)}\n`);
        },
        err,
      );
    });
}

/** `audit purge`: deletes stored content past retention now. */
function registerPurgeCommand(audit: Command): void {
  audit
    .command('purge')
    .description('delete stored content past audit.retention.contentDays now (held subjects are kept); recorded in the trail')
    .option('--days <n>', 'override the retention period for this run')
    .option(...configOption)
    .action(async function purgeAction(this: Command, options: { config?: string; days?: string }) {
      const { out, err } = outputOf(this);
      const { config } = await loadConfigForCli(options.config);
      const days = options.days === undefined ? config.audit.retention.contentDays : Number(options.days);
      if (!Number.isInteger(days) || days < 0) throw new Error('--days must be a non-negative integer');
      await withStore(
        options.config,
        async (store) => {
          out(`purged ${await purgeContent(store, days, cliActor())} content row(s) older than ${days} day(s)\n`);
        },
        err,
      );
    });
}

/** `audit hold|release|holds`: legal holds, which stop purge and erasure of a subject. */
function registerLegalHoldCommands(audit: Command): void {
  audit
    .command('hold <subject>')
    .description('put a subject (user:<end user> or identity:<id>) under legal hold: no purge, no erasure')
    .requiredOption('--reason <text>', 'why, e.g. a case number')
    .option(...configOption)
    .action(async function holdAction(this: Command, subject: string, options: { config?: string; reason: string }) {
      const { out, err } = outputOf(this);
      await withStore(
        options.config,
        async (store) => {
          const t0 = performance.now();
          await store.content.hold({ subject, reason: options.reason, createdAt: Date.now(), createdBy: cliActor() });
          await recordAction(store, cliActor(), 'content.hold', `${subject} reason=${options.reason}`, t0);
          out(`${subject} is under legal hold\n`);
        },
        err,
      );
    });

  audit
    .command('release <subject>')
    .description('lift a legal hold')
    .option(...configOption)
    .action(async function releaseAction(this: Command, subject: string, options: { config?: string }) {
      const { out, err } = outputOf(this);
      await withStore(
        options.config,
        async (store) => {
          const t0 = performance.now();
          const released = await store.content.release(subject);
          if (released) await recordAction(store, cliActor(), 'content.release', subject, t0);
          out(released ? `released ${subject}\n` : `${subject} was not under legal hold\n`);
        },
        err,
      );
    });

  audit
    .command('holds')
    .description('list legal holds')
    .option(...configOption)
    .action(async function holdsAction(this: Command, options: { config?: string }) {
      const { out, err } = outputOf(this);
      await withStore(
        options.config,
        async (store) => {
          for (const h of await store.content.holds()) out(`${h.subject}\t${new Date(h.createdAt).toISOString()}\t${h.createdBy}\t${h.reason}\n`);
        },
        err,
      );
    });
}

/** `audit erase`: one subject's stored content (crypto-shredding: its key is destroyed). */
function registerEraseCommand(audit: Command): void {
  audit
    .command('erase <subject>')
    .description("erase one subject's stored content by deleting it and its key (user:<end user> or identity:<id>); records stay and verify still passes")
    .option(...configOption)
    .action(async function eraseAction(this: Command, subject: string, options: { config?: string }) {
      const { out, err } = outputOf(this);
      await withStore(
        options.config,
        async (store) => {
          const t0 = performance.now();
          try {
            const { rows } = await store.content.erase(subject, Date.now());
            await recordAction(store, cliActor(), 'content.erase', `${subject} rows=${rows}`, t0);
            out(`erased ${subject}: ${rows} content row(s) deleted and the subject key destroyed\n`);
          } catch (error) {
            if (!(error instanceof LegalHoldError)) throw error;
            err(`${error.message}\n`);
            process.exitCode = 1;
          }
        },
        err,
      );
    });
}

/** `audit keys`: the public keys that signed checkpoints, as a JWKS. */
function registerKeysCommand(audit: Command): void {
  audit
    .command('keys')
    .description('print the public keys that signed checkpoints, as a JWKS (keep a copy for `verify --keys`)')
    .option(...configOption)
    .action(async function keysAction(this: Command, options: { config?: string }) {
      const { out, err } = outputOf(this);
      await withStore(
        options.config,
        async (store) => {
          const keys = (await store.audit.keys()).map((k) => ({ ...k.publicJwk, kid: k.keyId, use: 'sig', alg: 'EdDSA' }));
          out(`${JSON.stringify({ keys }, null, 2)}\n`);
        },
        err,
      );
    });
}

function cliActor(): string {
  return `cli:${userInfo().username}`;
}

/** Where a command writes: the program's configured output (the in-process test runner), else stdout/stderr. */
function outputOf(command: Command): { out(text: string): void; err(text: string): void } {
  const output = command.configureOutput();
  return {
    out: (text) => (output.writeOut ? output.writeOut(text) : process.stdout.write(text)),
    err: (text) => (output.writeErr ? output.writeErr(text) : process.stderr.write(text)),
  };
}

/** Runs with the configured store open; an error is printed and exits 2 (the trail could not be examined). */
async function withStore(
  configFile: string | undefined,
  run: (store: Store, loaded: Awaited<ReturnType<typeof loadConfigForCli>>) => Promise<void>,
  err: (text: string) => void = (t) => process.stderr.write(t),
): Promise<void> {
  let loaded: Awaited<ReturnType<typeof loadConfigForCli>>;
  let store: Store;
  try {
    loaded = await loadConfigForCli(configFile);
    store = await openConfiguredStore(loaded, createSecretResolver(process.env, loaded.baseDir), err);
  } catch (error) {
    err(`audit: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
    return;
  }
  try {
    await store.migrate();
    await run(store, loaded);
  } catch (error) {
    err(`audit: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  } finally {
    await store.close();
  }
}

function describeReport(r: VerifyReport): string {
  const external = r.external
    ? `checked against ${r.external.path} (${r.external.exists ? `${r.external.checkpoints} checkpoints` : 'not created yet'})\n`
    : '';
  const notes = (r.notes ?? []).map((n) => `note: ${n}\n`).join('');
  if (r.ok) {
    return (
      `audit trail OK: ${r.entries} entries, ${r.checkpoints} checkpoints (signed through entry ${r.anchoredThrough}), head ${r.head.seq} ${r.head.hash}\n` +
      external +
      notes +
      (r.anchoredThrough < r.head.seq ? `note: entries ${r.anchoredThrough + 1}..${r.head.seq} are not yet under a signed checkpoint\n` : '')
    );
  }
  const p = r.problem as NonNullable<VerifyReport['problem']>;
  const where = p.seq === null ? '' : ` at entry ${p.seq}`;
  return `audit trail FAILED${where}${p.ref ? ` (request ${p.ref})` : ''}: ${p.kind}: ${p.detail}\n(${r.entries} entries verified before it)\n${external}${notes}`;
}
