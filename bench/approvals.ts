/**
 * `npm run bench:approvals`: how many approvals the store processes per second, each through its whole
 * life as the gateway and an approver drive it (hold: sealed content plus its CREATE audit record; decide:
 * one approver, quorum 1, APPROVE record; redeem: USE record and the content opened), on SQLite (file,
 * WAL) and, when GATEHOUSE_BENCH_POSTGRES_URL is set, PostgreSQL. `CONCURRENCY` lifecycles run at once, so
 * the conditional-update races of real approvers and redeemers are part of the figure. Prints one line per
 * store; also the median milliseconds of each step, which is what a person waiting on an approval adds
 * least to: the hold itself is on the request path.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ApprovalDesk } from '../src/approvals/desk.js';
import { cipherSealer } from '../src/approvals/sealer.js';
import type { HeldRule } from '../src/approvals/types.js';
import { ContentCipher } from '../src/audit/content-cipher.js';
import { openPostgresStore } from '../src/storage/postgres-store.js';
import { openSqliteStore } from '../src/storage/sqlite-store.js';
import type { Store } from '../src/storage/store.js';

const SECONDS = Number(process.env.BENCH_APPROVAL_SECONDS ?? 5);
const CONCURRENCY = 16;
const RULE: HeldRule = {
  subject: 'refund',
  risk: 'high',
  when: 'condition: context.args.amount > 100',
  approvers: { roles: ['approver'], identities: [], teams: [] },
  quorum: 1,
  ttlSeconds: 900,
  separationOfDuties: true,
};
const APPROVER = { id: 'bob', roles: ['approver'], team: null, owner: 'bob@example.com' };

async function lifecycle(desk: ApprovalDesk, n: number, steps: Record<'hold' | 'decide' | 'redeem', number[]>): Promise<void> {
  const bound = [{ name: 'refund', arguments: { order: `o-${n}`, amount: 250 } }];
  let t = performance.now();
  const held = await desk.hold({
    kind: 'chat.answer',
    bound,
    summary: JSON.stringify(bound),
    content: JSON.stringify({ id: `chatcmpl-${n}`, choices: [{ message: { tool_calls: bound } }] }),
    requester: { identityId: 'refund-bot', endUser: null, owner: 'alice@example.com', conversationId: null },
    exchangeId: `x-${n}`,
    rule: RULE,
  });
  steps.hold.push(performance.now() - t);
  t = performance.now();
  await desk.decide(held.id, APPROVER, 'approve', 'checked');
  steps.decide.push(performance.now() - t);
  t = performance.now();
  await desk.redeem(held.id, { identityId: 'refund-bot', bound });
  steps.redeem.push(performance.now() - t);
}

async function measure(name: string, store: Store): Promise<string> {
  await store.migrate();
  const desk = new ApprovalDesk(store.approvals, { sealer: cipherSealer(new ContentCipher(Buffer.alloc(32, 7))) });
  const steps = { hold: [] as number[], decide: [] as number[], redeem: [] as number[] };
  const deadline = performance.now() + SECONDS * 1000;
  let n = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) await lifecycle(desk, n++, steps);
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]?.toFixed(2);
  await store.close();
  return `${name}: ${(steps.redeem.length / elapsed).toFixed(0)} approvals/s through hold, approve and release (${steps.redeem.length} in ${elapsed.toFixed(1)} s, ${CONCURRENCY} at once); median ms hold ${median(steps.hold)}, approve ${median(steps.decide)}, release ${median(steps.redeem)}`;
}

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-approvals-'));
try {
  console.log(await measure('SQLite (file, WAL)', openSqliteStore(join(dir, 'approvals.db'))));
  const url = process.env.GATEHOUSE_BENCH_POSTGRES_URL;
  if (url) console.log(await measure('PostgreSQL', await openPostgresStore({ url, poolSize: 8, schema: `bench_approvals_${process.pid}` })));
  else console.log('PostgreSQL: skipped (set GATEHOUSE_BENCH_POSTGRES_URL)');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
