import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkpointDigest, createCheckpointSigner, type Checkpoint } from './checkpoint.js';
import { CheckpointLog, CheckpointLogError, readCheckpointLog } from './checkpoint-log.js';
import { describeKey } from './keys.js';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cplog-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function signer() {
  const key = await describeKey(generateKeyPairSync('ed25519').privateKey);
  return createCheckpointSigner(key.privateKey, key.keyId);
}

function checkpoints(s: Awaited<ReturnType<typeof signer>>, n: number): Checkpoint[] {
  const out: Checkpoint[] = [];
  for (let i = 0; i < n; i++)
    out.push(
      s.sign({
        v: 1,
        from: i * 10 + 1,
        to: i * 10 + 10,
        root: 'aa'.repeat(32),
        head: 'bb'.repeat(32),
        at: i,
        keyId: s.keyId,
        prev: out.at(-1) ? checkpointDigest(out.at(-1)!) : null,
      }),
    );
  return out;
}

describe('the checkpoint log outside the database', () => {
  it('is created 0600 and reads back the checkpoints and the key that signed them', async () => {
    const s = await signer();
    const path = join(dir, 'sub', 'a.jsonl');
    const { log, created } = CheckpointLog.open(path, s);
    expect(created).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const cps = checkpoints(s, 3);
    log.append(cps.slice(0, 2));
    log.append(cps.slice(2));
    const read = await readCheckpointLog(path);
    expect(read).toMatchObject({ exists: true, checkpoints: cps });
    expect([...read.keys.keys()]).toEqual([s.keyId]);
    // One key line per process, before its first checkpoint.
    expect(
      readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"type":"key"')),
    ).toHaveLength(1);
    expect(CheckpointLog.open(path, s).created).toBe(false);
  });

  it('a missing file reads as empty; lines from two writers in either order are sorted; the same line twice is one', async () => {
    expect(await readCheckpointLog(join(dir, 'none.jsonl'))).toMatchObject({ exists: false, checkpoints: [] });
    const s = await signer();
    const cps = checkpoints(s, 3);
    const path = join(dir, 'b.jsonl');
    writeFileSync(path, `${[cps[1], cps[0], cps[2], cps[2]].map((c) => JSON.stringify(c)).join('\n')}\n`);
    expect((await readCheckpointLog(path)).checkpoints).toEqual(cps);
  });

  it('an edited, cut or contradictory file is an error naming the line', async () => {
    const s = await signer();
    const cps = checkpoints(s, 2);
    const lines = cps.map((c) => JSON.stringify(c));
    const cases: Array<[string, RegExp]> = [
      [`${lines[0]}\n{oops\n${lines[1]}\n`, /line 2: not JSON/],
      [`${lines[0]}\n${lines[1]!.slice(0, 30)}`, /line 2: the last line is cut off/],
      [`${lines[0]}\n{"hello":1}\n`, /line 2: neither a checkpoint nor a key/],
      [`${lines[0]}\n${JSON.stringify({ ...cps[0], root: 'cc'.repeat(32) })}\n`, /line 2: a second, different checkpoint 1\.\.10/],
      [
        `${JSON.stringify({ type: 'key', kid: 'not-the-thumbprint', kty: 'OKP', crv: 'Ed25519', x: (s.publicKey.export({ format: 'jwk' }) as { x: string }).x })}\n`,
        /line 1: key id not-the-thumbprint does not match its key/,
      ],
    ];
    for (const [i, [text, error]] of cases.entries()) {
      const path = join(dir, `bad-${i}.jsonl`);
      writeFileSync(path, text);
      const err = await readCheckpointLog(path).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CheckpointLogError);
      expect((err as Error).message).toMatch(error);
    }
  });
});
