import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { siemSchema, type SiemConfig } from '../config/schema-siem.js';
import { createLogger, type Logger } from '../log/logger.js';
import { exampleExchange } from '../storage/store.contract.js';
import type { ExchangeRecord, RecordedFinding } from '../core/record.js';

export { exampleExchange };

export const PRODUCER = { version: '9.8.7', hostname: 'gw-1' };

/** A record with findings, for mapping tests. */
export function recordWithFindings(i: number, findings: Array<Partial<RecordedFinding>>, overrides: Partial<ExchangeRecord> = {}): ExchangeRecord {
  return exampleExchange(i, {
    findings: findings.map((f) => ({
      direction: 'input',
      detector: 'pii',
      type: 'EMAIL_ADDRESS',
      score: 0.9,
      start: 3,
      end: 20,
      path: 'messages[0].content',
      action: 'redact',
      ...f,
    })),
    ...overrides,
  });
}

/** A logger whose JSON lines are kept, to assert that something was logged loudly. */
export function memoryLogger(): { logger: Logger; lines: () => Array<Record<string, any>> } {
  const chunks: string[] = [];
  const logger = createLogger('debug', { write: (msg: string) => void chunks.push(msg) });
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, any>),
  };
}

/** A fresh temporary directory, removed by the returned function. */
export function tempDir(prefix = 'gatehouse-siem-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `siem` config through the real schema (defaults applied); `sinks` as a user would write them. */
export function siemConfig(sinks: Record<string, unknown>, extra: Record<string, unknown> = {}): SiemConfig {
  return siemSchema.parse({ sinks, ...extra });
}

export const secrets = (ref: string): string => {
  if (ref === 'env:HEC_TOKEN') return 'hec-secret-token';
  throw new Error(`unknown secret ${ref}`);
};
