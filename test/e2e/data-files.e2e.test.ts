import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { startGateway } from '../../src/gateway.js';
import { createLogger } from '../../src/log/logger.js';
import { startFakeHec } from '../../src/siem/fake-siem.fixtures.js';
import { MOCK_CONFIG, startTestGateway } from '../support/gateway.js';

/**
 * Finding 14 (files) of issue 11: everything the gateway creates on disk holds records, keys or events,
 * so it is created for its owner only (files 0600, folders 0700); a file found looser is reported once.
 * Finding 5 (the SIEM half): signed checkpoints reach the SIEM sinks, a copy out of the database's reach.
 */
const root = mkdtempSync(join(tmpdir(), 'gatehouse-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('files the gateway creates', () => {
  it('database, -wal, -shm, keys, checkpoint log, SIEM spool: 0600 files in 0700 folders; checkpoints reach the SIEM', async () => {
    const hec = await startFakeHec();
    const data = join(root, 'fresh', 'data');
    const spool = join(root, 'fresh', 'spool', 'splunk');
    const gw = await startTestGateway(
      {
        ...MOCK_CONFIG,
        storage: { sqlite: { path: join(data, 'gatehouse.db') } },
        audit: { keyFile: join(root, 'fresh', 'keys', 'audit.key'), content: { mode: 'hashed', keyFile: join(root, 'fresh', 'keys', 'content.key') } },
        siem: { sinks: { splunk: { type: 'http', url: hec.url, token: 'env:HEC_TOKEN', spoolDir: spool, retryMaxMs: 100 } } },
      },
      { env: { HEC_TOKEN: 'hec-token' } },
    );
    try {
      // Down, so events spill to the spool files on disk.
      await hec.setMode({ kind: 'down' });
      for (let i = 0; i < 3; i++) await gw.openai.chat.completions.create({ model: 'mock-echo', messages: [{ role: 'user', content: `hi ${i}` }] });
      await gw.recorder.flush();
      for (let i = 0; i < 400 && !readdirSync(spool).some((n) => n.startsWith('seg-')); i++) await new Promise((r) => setTimeout(r, 25));
      await gw.checkpoints.runNow();

      for (const dir of [data, join(root, 'fresh', 'keys'), join(root, 'fresh', 'spool'), spool]) expect([dir, mode(dir)]).toEqual([dir, '700']);
      const files = ['gatehouse.db', 'gatehouse.db-wal', 'gatehouse.db-shm', 'gatehouse.db.checkpoints.jsonl'].map((f) => join(data, f));
      files.push(join(root, 'fresh', 'keys', 'audit.key'), join(root, 'fresh', 'keys', 'content.key'));
      const segments = readdirSync(spool).filter((n) => n.startsWith('seg-'));
      expect(segments.length).toBeGreaterThan(0);
      files.push(...segments.map((s) => join(spool, s)));
      for (const file of files) expect([file, mode(file)]).toEqual([file, '600']);

      await hec.setMode({ kind: 'up' });
      for (let i = 0; i < 400 && !hec.events.some((e) => e.event.class_uid === 6005); i++) await new Promise((r) => setTimeout(r, 25));
    } finally {
      await gw.close();
    }
    // The checkpoints were sent as OCSF events, each carrying exactly what the log beside the database holds.
    const logged = readFileSync(join(data, 'gatehouse.db.checkpoints.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"signature"'))
      .map((l) => JSON.parse(l));
    const sent = hec.events.filter((e) => e.event.class_uid === 6005);
    expect(logged.length).toBeGreaterThan(0);
    expect(sent.map((e) => e.event.unmapped.checkpoint)).toEqual(logged);
    expect(sent[0].event).toMatchObject({
      category_uid: 6,
      activity_id: 99,
      type_uid: 600599,
      metadata: { log_name: 'checkpoints', uid: `checkpoint:${logged[0].from}-${logged[0].to}` },
    });
    await hec.close();
  }, 30_000);

  it('a data file found readable by others is reported once at start, and left as it is', async () => {
    const dir = join(root, 'loose');
    mkdirSync(dir, { recursive: true });
    const db = join(dir, 'gatehouse.db');
    closeSync(openSync(db, 'w', 0o644));
    chmodSync(db, 0o644);
    let logged = '';
    const logger = createLogger('warn', new Writable({ write: (chunk, _enc, done) => void ((logged += String(chunk)), done()) }));
    const config = configSchema.parse({
      ...MOCK_CONFIG,
      storage: { sqlite: { path: db } },
      audit: { keyFile: join(dir, 'audit.key') },
      logging: { level: 'warn', exchanges: false },
    });
    const gw = await startGateway({ config, port: 0, host: '127.0.0.1', logger, env: {} });
    try {
      const openai = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: 'k', maxRetries: 0 });
      await openai.chat.completions.create({ model: 'mock-echo', messages: [{ role: 'user', content: 'hi' }] });
    } finally {
      await gw.close();
    }
    const warnings = logged.split('\n').filter((l) => l.includes('readable or writable by other users'));
    // SQLite gives -wal and -shm the database's mode: the operator's choice carries over, and is reported for each.
    expect(warnings.map((l) => JSON.parse(l).path)).toEqual([db, `${db}-wal`, `${db}-shm`]);
    expect(JSON.parse(warnings[0]!)).toMatchObject({ mode: '0644' });
    expect(mode(db)).toBe('644');
    expect(mode(`${db}.checkpoints.jsonl`)).toBe('600');
  }, 30_000);
});
