import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { siemSchema, siemSections, siemSpoolDir } from '../config/schema-siem.js';

const parse = (sinks: unknown, extra: object = {}) => siemSchema.safeParse({ sinks, ...extra });
const paths = (result: ReturnType<typeof parse>) => (result.success ? [] : result.error.issues.map((i) => i.path.join('.')));

describe('siem config section', () => {
  test('absent, it means no sinks', () => {
    expect(z.object(siemSections).parse({})).toEqual({ siem: { sinks: {}, shutdownTimeoutMs: 5_000 } });
  });

  test('an http sink gets its defaults', () => {
    const result = parse({ splunk: { type: 'http', url: 'https://splunk.example.com:8088/services/collector/event', token: 'env:HEC_TOKEN' } });
    expect(result.success).toBe(true);
    expect(result.data!.sinks.splunk).toEqual({
      type: 'http',
      url: 'https://splunk.example.com:8088/services/collector/event',
      token: 'env:HEC_TOKEN',
      format: 'ocsf',
      source: 'gatehouse',
      maxBatchBytes: 1_000_000,
      enabled: true,
      events: ['exchanges', 'findings', 'checkpoints'],
      maxMemoryEvents: 10_000,
      maxDiskBytes: 1024 * 1024 * 1024,
      batchSize: 500,
      timeoutMs: 10_000,
      retryMaxMs: 30_000,
    });
    expect(siemSpoolDir('splunk', result.data!.sinks.splunk!)).toBe('./data/siem/splunk');
  });

  test('a syslog sink gets its defaults; the port follows the transport', () => {
    const result = parse({ qradar: { type: 'syslog', host: 'siem.internal' } });
    expect(result.data!.sinks.qradar).toMatchObject({ type: 'syslog', host: 'siem.internal', transport: 'tcp', facility: 'local0', appName: 'gatehouse' });
    expect(result.data!.sinks.qradar).not.toHaveProperty('port');
  });

  test('a token must be a secret reference, never the secret', () => {
    expect(paths(parse({ s: { type: 'http', url: 'https://x.example/services/collector', token: '8f3a-literal-token' } }))).toEqual(['sinks.s.token']);
  });

  test('unknown types, unknown keys, keys of the other type and bad values are errors', () => {
    expect(parse({ s: { type: 'kafka', host: 'x' } }).success).toBe(false);
    expect(paths(parse({ s: { type: 'syslog', host: 'x', hots: 'y' } }))).toEqual(['sinks.s']);
    expect(paths(parse({ s: { type: 'syslog', host: 'x', format: 'ocsf' } }))).toEqual(['sinks.s']);
    expect(paths(parse({ s: { type: 'syslog', host: 'x', transport: 'quic' } }))).toEqual(['sinks.s.transport']);
    expect(paths(parse({ s: { type: 'syslog', host: 'x', facility: 'local9' } }))).toEqual(['sinks.s.facility']);
    expect(paths(parse({ s: { type: 'syslog', host: 'x', appName: 'has space' } }))).toEqual(['sinks.s.appName']);
    expect(paths(parse({ s: { type: 'syslog', host: 'x', events: [] } }))).toEqual(['sinks.s.events']);
    expect(paths(parse({ s: { type: 'http', url: 'ftp://x', token: 'env:T' } }))).toEqual(['sinks.s.url']);
    expect(paths(parse({ s: { type: 'syslog', host: 'x', maxDiskBytes: 1000 } }))).toEqual(['sinks.s.maxDiskBytes']);
  });

  test('a sink name must be usable as a directory name', () => {
    expect(parse({ '../etc': { type: 'syslog', host: 'x' } }).success).toBe(false);
    expect(parse({ '.hidden': { type: 'syslog', host: 'x' } }).success).toBe(false);
  });

  test('two sinks cannot share a spool directory', () => {
    const result = parse({ a: { type: 'syslog', host: 'x', spoolDir: './spool' }, b: { type: 'syslog', host: 'y', spoolDir: 'spool/' } });
    expect(paths(result)).toEqual(['sinks.b.spoolDir']);
    expect(parse({ a: { type: 'syslog', host: 'x', spoolDir: './data/siem/b' }, b: { type: 'syslog', host: 'y' } }).success).toBe(false);
  });

  test('every key is described, for the published JSON Schema and the docs', () => {
    const schema = z.toJSONSchema(siemSchema, { io: 'input' }) as any;
    const sinkVariants = schema.properties.sinks.additionalProperties.oneOf ?? schema.properties.sinks.additionalProperties.anyOf;
    expect(sinkVariants).toHaveLength(2);
    for (const variant of sinkVariants) {
      for (const [key, prop] of Object.entries<any>(variant.properties)) if (key !== 'type') expect(prop.description, key).toBeTruthy();
    }
  });
});
