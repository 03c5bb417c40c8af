import type { Logger } from '../log/logger.js';
import type { Store } from '../storage/store.js';
import { checkpointDigest, type Checkpoint, type CheckpointSigner } from './checkpoint.js';
import type { CheckpointLog } from './checkpoint-log.js';
import { merkleRoot } from './merkle.js';

/** Most entries one checkpoint covers, so verify holds one range's hashes in memory at a time. */
export const MAX_CHECKPOINT_ENTRIES = 65_536;

/**
 * Covers every entry not yet under a checkpoint with signed checkpoints (several when more than
 * MAX_CHECKPOINT_ENTRIES are pending). Safe with several replicas: a checkpoint that does not continue
 * the last stored one is discarded and the loop re-reads. Returns the checkpoints this call stored (also
 * pushed to `made` as each is stored, so a caller still sees them when a later one fails).
 */
export async function checkpointNow(store: Store, signer: CheckpointSigner, now: () => number = Date.now, made: Checkpoint[] = []): Promise<Checkpoint[]> {
  for (let attempts = 0; attempts < 100; attempts++) {
    const last = await store.audit.lastCheckpoint();
    const head = await store.audit.head();
    const from = (last?.to ?? 0) + 1;
    if (head.seq < from) return made;
    const to = Math.min(head.seq, from + MAX_CHECKPOINT_ENTRIES - 1);
    const hashes = await store.audit.hashes(from, to);
    if (hashes.length !== to - from + 1) throw new Error(`audit entries ${from}..${to} are incomplete: ${hashes.length} found`);
    const checkpoint = signer.sign({
      v: 1,
      from,
      to,
      root: merkleRoot(hashes),
      head: hashes.at(-1) as string,
      at: now(),
      keyId: signer.keyId,
      prev: last ? checkpointDigest(last) : null,
    });
    if (await store.audit.appendCheckpoint(checkpoint)) made.push(checkpoint);
  }
  return made;
}

/** Where signed checkpoints go besides the database: the external log and the SIEM sinks. */
export interface CheckpointAnchors {
  log?: CheckpointLog | undefined;
  /** Called with each batch of stored checkpoints; must not throw (the SIEM listener queues). */
  onSigned?: ((checkpoints: readonly Checkpoint[]) => void) | undefined;
}

/**
 * Signs checkpoints (checkpointNow) and copies them outside the database. A checkpoint is written to the
 * log only after the database stored it, so the log never holds one that lost a race with another
 * replica; one that could not be written is kept and written, in order, before the next.
 */
export function createAnchoredCheckpointer(store: Store, signer: CheckpointSigner, anchors: CheckpointAnchors): { run(): Promise<Checkpoint[]> } {
  let unwritten: Checkpoint[] = [];
  return {
    async run() {
      const made: Checkpoint[] = [];
      try {
        await checkpointNow(store, signer, Date.now, made);
      } finally {
        // Stored before a later one failed: anchored all the same.
        if (made.length > 0) anchors.onSigned?.(made);
        if (anchors.log) {
          unwritten = unwritten.concat(made);
          if (unwritten.length > 0) {
            anchors.log.append(unwritten);
            unwritten = [];
          }
        }
      }
      return made;
    },
  };
}

/** Runs the anchored checkpointer every `intervalMs`; errors are logged and retried at the next tick. */
export function startCheckpointer(
  store: Store,
  signer: CheckpointSigner,
  intervalMs: number,
  logger: Logger,
  anchors: CheckpointAnchors = {},
): { stop(): Promise<void>; runNow(): Promise<void> } {
  const checkpointer = createAnchoredCheckpointer(store, signer, anchors);
  let running: Promise<void> | undefined;
  const tick = (): Promise<void> => {
    running ??= checkpointer
      .run()
      .then((made) => {
        if (made.length > 0) logger.debug({ checkpoints: made.length, through: made.at(-1)?.to }, 'audit checkpoint signed');
      })
      .catch((err: unknown) =>
        logger.error({ err: { name: (err as Error).name, message: (err as Error).message } }, 'audit checkpoint failed; retrying at the next interval'),
      )
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void tick(), intervalMs).unref();
  return {
    runNow: tick,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
