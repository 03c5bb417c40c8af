import { hostname } from 'node:os';
import type { Checkpoint } from '../audit/checkpoint.js';
import { resolve } from 'node:path';
import type { SiemConfig, SiemEventKind, SiemSinkConfig } from '../config/schema-siem.js';
import { siemSpoolDir } from '../config/schema-siem.js';
import type { SecretResolver } from '../config/secrets.js';
import type { Logger } from '../log/logger.js';
import type { ExchangeRecord } from '../core/record.js';
import { DeadLetterFile } from './dead-letter.js';
import { collectEvents, type ProducerInfo, type SiemEvent } from './events.js';
import { createHttpTransport } from './http-sink.js';
import { SinkDelivery, type SinkStats } from './sink-delivery.js';
import { Spool } from './spool.js';
import { createSyslogTransport } from './syslog-sink.js';
import type { SiemTransport } from './transport.js';

export type { SinkStats } from './sink-delivery.js';

export interface SiemDeps {
  /** Resolves `token` secret references (once, at start). */
  resolveSecret: SecretResolver;
  logger: Logger;
  /** Gatehouse version (package.json), written into every event. */
  version: string;
  /** Host name written into events; default os.hostname(). */
  hostname?: string;
  /** First retry delay while a sink is down, in ms; default 500 (tests make it shorter). */
  retryBaseMs?: number;
}

export interface Siem {
  /** Pass to `recorder.onCommitted`: queues the batch's events for every sink; synchronous, never throws. */
  readonly listener: (records: readonly ExchangeRecord[]) => void;
  /** Pass to the checkpointer: queues each signed checkpoint for every sink that takes checkpoints; never throws. */
  readonly checkpointListener: (checkpoints: readonly Checkpoint[]) => void;
  /** Per sink, by name. */
  stats(): Record<string, SinkStats>;
  /**
   * Delivers what it can within `siem.shutdownTimeoutMs`, writes the rest to the spool directories and
   * closes connections. Call after the recorder has closed: events arriving later are dropped.
   */
  close(): Promise<void>;
}

interface SinkRuntime {
  name: string;
  kinds: ReadonlySet<SiemEventKind>;
  delivery: SinkDelivery;
}

/**
 * Starts delivery (`SinkDelivery`) for each enabled sink, each with its spool directory (recovering what a
 * previous run left there, which it starts delivering at once). Throws when a token reference cannot
 * be resolved or a spool directory cannot be created, so a misconfigured sink stops the start.
 */
export async function startSiem(config: SiemConfig, deps: SiemDeps): Promise<Siem> {
  const log = deps.logger.child({ component: 'siem' });
  const producer: ProducerInfo = { version: deps.version, hostname: deps.hostname ?? hostname() };
  const sinks: SinkRuntime[] = [];
  try {
    for (const [name, sink] of Object.entries(config.sinks)) {
      if (!sink.enabled) continue;
      sinks.push(await startSink(name, sink, producer, deps, log.child({ sink: name })));
    }
  } catch (err) {
    await Promise.all(sinks.map((s) => s.delivery.close(0)));
    throw err;
  }
  if (sinks.length > 0) log.info({ sinks: sinks.map((s) => s.name) }, 'SIEM export started');

  let skipped = 0;
  const scratch: SiemEvent[] = [];
  // Powers of two: a stream of malformed records cannot flood the log.
  const reportSkip = (err: unknown): void => {
    if ((++skipped & (skipped - 1)) === 0) log.error({ err: { name: (err as Error | undefined)?.name }, skipped }, 'SIEM: malformed exchange record skipped');
  };
  return {
    listener: function exportToSiem(records) {
      try {
        for (const sink of sinks) {
          for (const record of records) {
            try {
              collectEvents(record, sink.kinds, scratch);
            } catch (err) {
              reportSkip(err);
            }
          }
          for (const event of scratch) sink.delivery.enqueue(event);
          scratch.length = 0;
        }
      } catch (err) {
        scratch.length = 0;
        reportSkip(err);
      }
    },
    checkpointListener: function exportCheckpoints(checkpoints) {
      for (const sink of sinks) {
        if (!sink.kinds.has('checkpoints')) continue;
        for (const checkpoint of checkpoints) sink.delivery.enqueue({ kind: 'checkpoint', checkpoint });
      }
    },
    stats() {
      return Object.fromEntries(sinks.map((s) => [s.name, s.delivery.stats()]));
    },
    async close() {
      await Promise.all(sinks.map((s) => s.delivery.close(config.shutdownTimeoutMs)));
    },
  };
}

async function startSink(name: string, sink: SiemSinkConfig, producer: ProducerInfo, deps: SiemDeps, log: Logger): Promise<SinkRuntime> {
  const transport: SiemTransport =
    sink.type === 'http' ? createHttpTransport(sink, deps.resolveSecret(sink.token), producer) : createSyslogTransport(sink, producer);
  const dir = resolve(siemSpoolDir(name, sink));
  let spool: Spool;
  try {
    spool = await Spool.open(dir, { maxBytes: sink.maxDiskBytes, logger: log });
  } catch (err) {
    await transport.close();
    throw err;
  }
  if (spool.events > 0)
    log.info({ diskEvents: spool.events, diskBytes: spool.bytes, dir }, 'SIEM spool holds events from a previous run; delivering them first');
  const delivery = new SinkDelivery({
    transport,
    spool,
    deadLetter: new DeadLetterFile(dir, Math.max(1024 * 1024, Math.floor(sink.maxDiskBytes / 10))),
    maxMemoryEvents: sink.maxMemoryEvents,
    batchSize: sink.batchSize,
    retryBaseMs: deps.retryBaseMs ?? 500,
    retryMaxMs: sink.retryMaxMs,
    logger: log,
  });
  return { name, kinds: new Set(sink.events), delivery };
}
