import { performance } from 'node:perf_hooks';
import { newRequestId } from '../core/ids.js';
import type { Logger } from '../log/logger.js';
import { actionEntry, adminRecord } from '../core/admin-record.js';
import type { Store } from '../storage/store.js';

const DAY_MS = 86_400_000;

/**
 * Deletes stored content older than the retention period, except that of subjects under legal hold. The
 * records and the chain stay (they seal only a digest of the content), so `audit verify` still passes.
 * Every run that deletes something is itself a record in the trail, by `actor`.
 */
export async function purgeContent(store: Store, contentDays: number, actor: string, now = Date.now()): Promise<number> {
  const t0 = performance.now();
  const before = now - contentDays * DAY_MS;
  const deleted = await store.content.purge(before);
  if (deleted > 0) await recordAction(store, actor, 'content.purge', `before ${new Date(before).toISOString()} rows=${deleted}`, t0, now);
  return deleted;
}

/** Appends an audit action (hold, release, erase, purge) to the trail as an admin record. */
export async function recordAction(store: Store, actor: string, action: string, target: string, t0: number, now = Date.now()): Promise<void> {
  const durationUs = Math.round((performance.now() - t0) * 1000);
  const record = adminRecord({
    requestId: newRequestId(),
    startedAt: now,
    method: 'CLI',
    path: `audit:${action}`,
    callerId: actor,
    status: 200,
    reason: 'ok',
    latencyMs: durationUs / 1000,
    trace: [actionEntry(action, target, 'ok', durationUs)],
  });
  await store.insertExchanges([record]);
}

/** Runs the purge every `intervalMs`; failures are logged and retried at the next tick. */
export function startPurgeJob(store: Store, contentDays: number, intervalMs: number, logger: Logger): { stop(): void; runNow(): Promise<number> } {
  const run = async (): Promise<number> => {
    try {
      const deleted = await purgeContent(store, contentDays, 'system:retention');
      if (deleted > 0) logger.info({ deleted, contentDays }, 'purged stored content past retention');
      return deleted;
    } catch (err) {
      logger.error({ err: { name: (err as Error).name, message: (err as Error).message } }, 'content purge failed; retrying at the next interval');
      return 0;
    }
  };
  const timer = setInterval(() => void run(), intervalMs).unref();
  return { stop: () => clearInterval(timer), runNow: run };
}
