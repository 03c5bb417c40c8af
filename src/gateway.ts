import type { FastifyInstance } from 'fastify';
import type { GatehouseConfig } from './config/schema.js';
import { createSecretResolver, type SecretResolver } from './config/secrets.js';
import { createLogger, type Logger } from './log/logger.js';
import { buildApp } from './server/app.js';
import { RuntimeHolder, buildRuntime } from './server/runtime.js';
import { openStore } from './storage/open-store.js';
import { Recorder } from './storage/recorder.js';
import type { Store } from './storage/store.js';

export interface GatewayOptions {
  config: GatehouseConfig;
  configHash?: string;
  /** Folder that relative secret-file references resolve against. */
  baseDir?: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Overrides config.server.port (0 picks a free port). */
  port?: number;
  host?: string;
  /** For tests: an already-open store (e.g. PostgreSQL in an isolated schema). */
  store?: Store;
}

export interface Gateway {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly holder: RuntimeHolder;
  readonly store: Store;
  readonly recorder: Recorder;
  readonly resolveSecret: SecretResolver;
  readonly logger: Logger;
  /** Builds a runtime from a new configuration and swaps it in; throws and keeps the old one on failure. */
  reload(config: GatehouseConfig, configHash: string): void;
  /** Stops accepting, drains in-flight exchanges, flushes records, closes pools and the store. */
  close(): Promise<void>;
}

/** Opens the store, applies migrations, builds the runtime and listens. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.logging.level);
  const resolveSecret = createSecretResolver(options.env ?? process.env, options.baseDir ?? process.cwd());
  const holder = new RuntimeHolder(buildRuntime(config, options.configHash ?? 'inline', resolveSecret));
  const ownsStore = !options.store;
  const store = options.store ?? (await openStore(config.storage, resolveSecret));
  await store.migrate();
  const recorder = new Recorder(store, { batchSize: config.storage.batchSize, flushIntervalMs: config.storage.flushIntervalMs, logger });
  let closing = false;
  const app = buildApp({
    holder,
    sink: recorder,
    logger,
    bodyLimitBytes: config.server.bodyLimitBytes,
    keepAliveTimeoutMs: config.server.keepAliveTimeoutMs,
    logExchanges: config.logging.exchanges,
    isReady: async () => {
      if (closing) throw new Error('closing');
      await store.ping();
    },
  });
  const url = await app.listen({ host: options.host ?? config.server.host, port: options.port ?? config.server.port });

  return {
    app,
    url,
    holder,
    store,
    recorder,
    resolveSecret,
    logger,
    reload(next: GatehouseConfig, hash: string) {
      holder.swap(buildRuntime(next, hash, resolveSecret));
    },
    async close() {
      closing = true;
      await app.close();
      await recorder.close();
      await holder.close();
      if (ownsStore) await store.close();
    },
  };
}
