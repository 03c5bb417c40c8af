import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { configSchema } from '../../src/config/schema.js';
import { startGateway, type Gateway } from '../../src/gateway.js';
import { silentLogger, type Logger } from '../../src/log/logger.js';
import type { Store } from '../../src/storage/store.js';

export interface TestGateway extends Gateway {
  /** An official OpenAI SDK client pointed at the gateway, no retries (tests assert on first answers). */
  openai: OpenAI;
  /** Flushes pending records and returns the one for a request id. */
  recordOf(requestId: string): ReturnType<Store['getExchange']>;
}

/**
 * Starts a real gateway in process on a free loopback port, with a temporary SQLite store.
 * `config` is raw gatehouse.yaml content (as an object); defaults fill the rest.
 */
export async function startTestGateway(
  config: Record<string, unknown>,
  options: { env?: NodeJS.ProcessEnv; store?: Store; logger?: Logger; logExchanges?: boolean } = {},
): Promise<TestGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
  const parsed = configSchema.parse({
    storage: { sqlite: { path: join(dir, 'gatehouse.db') } },
    ...config,
    audit: {
      keyFile: join(dir, 'audit.key'),
      ...(config.audit as object),
      content: { keyFile: join(dir, 'content.key'), ...(config.audit as { content?: object } | undefined)?.content },
    },
    logging: { level: 'silent', exchanges: options.logExchanges ?? false },
  });
  const gateway = await startGateway({
    config: parsed,
    port: 0,
    host: '127.0.0.1',
    logger: options.logger ?? silentLogger(),
    env: options.env ?? {},
    store: options.store,
  });
  const closeGateway = gateway.close.bind(gateway);
  const openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'test-key', maxRetries: 0 });
  return Object.assign(gateway, {
    openai,
    async recordOf(requestId: string) {
      await gateway.recorder.flush();
      return gateway.store.getExchange(requestId);
    },
    async close() {
      await closeGateway();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** The config most tests use: a mock provider and a few scripted models. */
export const MOCK_CONFIG = {
  providers: { mock: { type: 'mock', chunkSize: 4 } },
  models: {
    'mock-echo': { provider: 'mock' },
    'mock-fixed': { provider: 'mock', mock: { text: 'The answer is 42.' } },
    'mock-tools': { provider: 'mock', mock: { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] } },
    'mock-429': { provider: 'mock', mock: { error: { status: 429, message: 'slow down', retryAfter: '7' } } },
    'mock-500': { provider: 'mock', mock: { error: { status: 500, message: 'internal upstream detail that must not leak' } } },
    'mock-embed': { provider: 'mock', kind: 'embedding' },
  },
};
