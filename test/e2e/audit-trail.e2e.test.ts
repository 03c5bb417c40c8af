import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_HEAD, sealEntries, type AuditInput } from '../../src/core/audit-chain.js';
import { verifyStore } from '../../src/audit/verify-store.js';
import { registerAuditCommands } from '../../src/cli/commands/audit.js';
import { runCli } from '../../src/cli/run-cli.fixtures.js';
import { openSqliteStore } from '../../src/storage/sqlite-store.js';
import { MOCK_CONFIG, startTestGateway } from '../support/gateway.js';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-audit-'));
const dbPath = join(dir, 'trail.db');
const configPath = join(dir, 'gatehouse.yaml');
const ids: string[] = [];

beforeAll(async () => {
  const gw = await startTestGateway({ ...MOCK_CONFIG, storage: { sqlite: { path: dbPath } }, audit: { keyFile: join(dir, 'audit.key') } });
  for (let i = 0; i < 12; i++) {
    const { response } = await gw.openai.chat.completions.create({ model: 'mock-echo', messages: [{ role: 'user', content: `hello ${i}` }] }).withResponse();
    ids.push(response.headers.get('x-gatehouse-request-id') as string);
  }
  const stream = await gw.openai.chat.completions.create({ model: 'mock-fixed', stream: true, messages: [{ role: 'user', content: 'stream' }] });
  for await (const _ of stream) {
    /* drain */
  }
  await gw.openai.chat.completions.create({ model: 'mock-500', messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
  await gw.close();
  writeFileSync(configPath, `storage:\n  sqlite:\n    path: ${dbPath}\naudit:\n  keyFile: ${join(dir, 'audit.key')}\n`);
}, 30_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the trail to tamper with, and a function that verifies it. */
function tampered(edit: (db: BetterSqlite3.Database) => void) {
  const path = join(dir, `copy-${Math.random().toString(36).slice(2)}.db`);
  copyFileSync(dbPath, path);
  const db = new BetterSqlite3(path);
  edit(db);
  db.close();
  return async () => {
    const store = openSqliteStore(path);
    try {
      return await verifyStore(store);
    } finally {
      await store.close();
    }
  };
}

const cli = (...args: string[]) =>
  runCli([registerAuditCommands], ['audit', ...args, '--config', configPath]).then((r) => ({ code: r.code, out: r.stdout, err: r.stderr }));

describe('the audit trail of a real gateway', () => {
  it('seals every record, anchors them with a signed checkpoint at shutdown, and verifies', async () => {
    const store = openSqliteStore(dbPath);
    const report = await verifyStore(store);
    const entries = await store.audit.entries(0, 100);
    await store.close();
    expect(report).toMatchObject({ ok: true, problem: null });
    // 12 JSON answers, one stream (a durable start and its final record), one upstream error.
    expect(entries.map((e) => e.kind).filter((k) => k === 'exchange.start')).toHaveLength(1);
    // The configuration the gateway started with is the first entry (an admin record by system:config).
    expect(entries[0]).toMatchObject({ seq: 1, kind: 'exchange' });
    expect(JSON.parse(entries[0]!.text).body).toMatchObject({ operation: 'admin', identityId: 'system:config' });
    expect(report.entries).toBe(16);
    expect(report.anchoredThrough).toBe(16);
    const { code, out } = await cli('verify');
    expect(code).toBe(0);
    expect(out).toContain('audit trail OK: 16 entries, 1 checkpoints (signed through entry 16)');
  }, 20_000);

  it('names a record modified in the searchable table', async () => {
    const verify = tampered((db) => db.prepare('UPDATE exchanges SET status = 201 WHERE id = ?').run(ids[4]));
    expect((await verify()).problem).toMatchObject({ kind: 'modified', ref: ids[4] });
  });

  it('names an entry whose sealed text was edited', async () => {
    const verify = tampered((db) => db.prepare('UPDATE audit_entries SET entry = replace(entry, \'"status":200\', \'"status":299\') WHERE seq = 4').run());
    expect((await verify()).problem).toMatchObject({ kind: 'modified', seq: 4, ref: ids[2] });
  });

  it('names a deleted entry, and a record deleted from the searchable table', async () => {
    expect((await tampered((db) => db.prepare('DELETE FROM audit_entries WHERE seq = 7').run())()).problem).toMatchObject({ kind: 'deleted', seq: 7 });
    expect((await tampered((db) => db.prepare('DELETE FROM exchanges WHERE id = ?').run(ids[7]))()).problem).toMatchObject({ kind: 'deleted', ref: ids[7] });
  });

  it('names reordered entries', async () => {
    const verify = tampered((db) => {
      db.prepare('UPDATE audit_entries SET seq = -1 WHERE seq = 9').run();
      db.prepare('UPDATE audit_entries SET seq = 9 WHERE seq = 10').run();
      db.prepare('UPDATE audit_entries SET seq = 10 WHERE seq = -1').run();
    });
    expect((await verify()).problem).toMatchObject({ kind: 'reordered', seq: 9, ref: ids[8] });
  });

  it('names an inserted record: in the searchable table only, or appended to the chain past its checkpoint', async () => {
    const forgedRow = tampered((db) =>
      db
        .prepare(
          "INSERT INTO exchanges (id, created_at, operation, method, path, identity_id, end_user, model_requested, provider_id, upstream_model, streamed, status, reason, outcome, prompt_tokens, completion_tokens, total_tokens, latency_ms, ttfb_ms, trace) SELECT 'forged-1', created_at, operation, method, path, identity_id, end_user, model_requested, provider_id, upstream_model, streamed, status, reason, outcome, prompt_tokens, completion_tokens, total_tokens, latency_ms, ttfb_ms, trace FROM exchanges WHERE id = ?",
        )
        .run(ids[0]),
    );
    expect((await forgedRow()).problem).toMatchObject({ kind: 'inserted', ref: 'forged-1' });

    const midChain = tampered((db) => {
      const prev = db.prepare('SELECT hash FROM audit_entries WHERE seq = 5').get() as { hash: string };
      const [forged] = sealEntries({ seq: 5, hash: prev.hash }, [{ kind: 'exchange', ref: 'forged-2', at: 1, body: { id: 'forged-2' } } satisfies AuditInput]);
      db.prepare('UPDATE audit_entries SET seq = seq + 1000 WHERE seq > 5').run();
      db.prepare('UPDATE audit_entries SET seq = seq - 999 WHERE seq > 1000').run();
      db.prepare('INSERT INTO audit_entries (seq, kind, ref, created_at, entry, hash) VALUES (?, ?, ?, ?, ?, ?)').run(
        6,
        forged!.kind,
        forged!.ref,
        forged!.at,
        forged!.text,
        forged!.hash,
      );
    });
    expect((await midChain()).problem).toMatchObject({ kind: 'reordered', seq: 7 });
  });

  it('catches a rewritten chain with the signed checkpoint, and the CLI exits 1 naming it', async () => {
    const verify = tampered((db) => {
      // Someone with write access edits entry 2 and re-hashes everything after it: the chain is self-consistent again.
      const rows = db.prepare('SELECT seq, entry FROM audit_entries ORDER BY seq').all() as Array<{ seq: number; entry: string }>;
      const inputs = rows.slice(1).map((r) => {
        const doc = JSON.parse(r.entry) as AuditInput;
        return { kind: doc.kind, ref: doc.ref, at: doc.at, body: doc.body } as AuditInput;
      });
      (inputs[0]!.body as { status: number }).status = 403;
      const first = JSON.parse(rows[0]!.entry) as { seq: number };
      const head = { seq: first.seq, hash: (db.prepare('SELECT hash FROM audit_entries WHERE seq = 1').get() as { hash: string }).hash };
      const update = db.prepare('UPDATE audit_entries SET entry = ?, hash = ? WHERE seq = ?');
      for (const e of sealEntries(head ?? EMPTY_HEAD, inputs)) update.run(e.text, e.hash, e.seq);
      db.prepare('UPDATE exchanges SET status = 403 WHERE id = ?').run(ids[0]);
    });
    expect((await verify()).problem).toMatchObject({ kind: 'checkpoint', seq: 1 });
  });

  it('legal hold, release and erasure from the CLI are refused or done as they should, and are records in the trail', async () => {
    const cliErr = cli;
    expect((await cliErr('hold', 'user:case-7', '--reason', 'litigation 7')).code).toBe(0);
    const refused = await cliErr('erase', 'user:case-7');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('under legal hold');
    expect((await cliErr('release', 'user:case-7')).out).toContain('released user:case-7');
    expect((await cliErr('erase', 'user:case-7')).out).toContain('erased user:case-7');
    const store = openSqliteStore(dbPath);
    try {
      const actions = (await store.listExchanges({ identityId: `cli:${(await import('node:os')).userInfo().username}` })).map(
        (r) => r.trace[0]?.note?.split(' ')[0],
      );
      expect(actions.sort()).toEqual(['content.erase', 'content.hold', 'content.release']);
      expect(await verifyStore(store)).toMatchObject({ ok: true });
    } finally {
      await store.close();
    }
  }, 30_000);

  it('the CLI reports a failure with exit status 1 and exports checkpoints and keys', async () => {
    const { code: okCode, out: exported } = await cli('checkpoints');
    expect(okCode).toBe(0);
    const checkpoint = JSON.parse(exported.trim().split('\n')[0] as string);
    expect(checkpoint).toMatchObject({ v: 1, from: 1, to: 16, keyId: expect.any(String), signature: expect.any(String) });
    const { out: jwks } = await cli('keys');
    expect(JSON.parse(jwks).keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: checkpoint.keyId });

    const db = new BetterSqlite3(dbPath);
    db.prepare('UPDATE exchanges SET reason = ? WHERE id = ?').run('ok_but_edited', ids[9]);
    db.close();
    const { code, out } = await cli('verify');
    expect(code).toBe(1);
    expect(out).toContain(`FAILED at entry 11 (request ${ids[9]}): modified`);
  }, 20_000);
});
