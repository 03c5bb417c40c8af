import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parseCef, parseSyslog, startFakeSyslog, type FakeSyslog } from './fake-siem.fixtures.js';
import { silentLogger } from '../log/logger.js';
import { startSiem, type Siem } from './index.js';
import { exampleExchange, recordWithFindings, secrets, siemConfig, tempDir } from './siem.fixtures.js';

let receiver: FakeSyslog;
let spool: ReturnType<typeof tempDir>;
const open: Siem[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await receiver.close();
  spool.remove();
});

async function start(sink: Record<string, unknown>): Promise<Siem> {
  const config = siemConfig({ main: { type: 'syslog', host: '127.0.0.1', spoolDir: spool.dir, retryMaxMs: 200, ...sink } });
  const siem = await startSiem(config, { resolveSecret: secrets, logger: silentLogger(), version: '1.2.3', hostname: 'gw-test', retryBaseMs: 20 });
  open.push(siem);
  return siem;
}

function expectCefEvents(transport: 'udp' | 'tcp' | 'tls'): void {
  const parsed = receiver.messages.map((m) => ({ transport: m.transport, ...parseSyslog(m.raw) }));
  expect(parsed.map((m) => m.transport)).toEqual([transport, transport, transport]);
  // local3 = facility 19; exchange refused for a guardrail: warning (4); blocked finding: error (3).
  expect(parsed.map((m) => [m.pri, m.msgId])).toEqual([
    [19 * 8 + 4, 'exchange'],
    [19 * 8 + 3, 'finding'],
    [19 * 8 + 6, 'exchange'],
  ]);
  expect(parsed[0]).toMatchObject({
    version: 1,
    hostname: 'gw-test',
    appName: 'gh-test',
    procId: String(process.pid),
    structuredData: '-',
    timestamp: new Date(exampleExchange(1).createdAt).toISOString(),
  });
  const cef = parsed.map((m) => parseCef(m.msg));
  expect(cef.map((c) => c.signatureId)).toEqual(['exchange:input_blocked', 'finding:secrets:AWS_KEY', 'exchange:ok']);
  expect(cef[0]).toMatchObject({
    vendor: 'Gatehouse',
    product: 'Gatehouse',
    deviceVersion: '1.2.3',
    extensions: { externalId: 'ex-00001', suser: 'svc-a', reason: 'input_blocked', duser: 'bob=x\nadmin' },
  });
  expect(cef[1]!.extensions).toMatchObject({ externalId: 'ex-00001:0', act: 'block' });
}

const refusedWithFinding = () =>
  recordWithFindings(1, [{ detector: 'secrets', type: 'AWS_KEY', action: 'block' }], {
    identityId: 'svc-a',
    endUser: 'bob=x\nadmin',
    status: 400,
    reason: 'input_blocked',
    outcome: 'refused',
  });

describe('syslog sink (CEF over RFC 5424)', () => {
  beforeEach(async () => {
    receiver = await startFakeSyslog();
    spool = tempDir();
  });

  test('UDP: one datagram per event', async () => {
    const siem = await start({ transport: 'udp', port: receiver.udpPort, facility: 'local3', appName: 'gh-test' });
    siem.listener([refusedWithFinding(), exampleExchange(2)]);
    await receiver.waitForMessages(3);
    expectCefEvents('udp');
  });

  test('TCP: octet-counted frames on one connection; reconnects after the receiver drops it', async () => {
    const siem = await start({ transport: 'tcp', port: receiver.tcpPort, facility: 'local3', appName: 'gh-test' });
    siem.listener([refusedWithFinding(), exampleExchange(2)]);
    await receiver.waitForMessages(3);
    expectCefEvents('tcp');
    expect(receiver.framingErrors).toBe(0);
    await until(() => siem.stats().main!.delivered === 3);

    // The receiver restarts: the dropped connection is noticed and a new one made.
    await receiver.close();
    const port = receiver.tcpPort;
    receiver = await startFakeSyslog({ tcpPort: port });
    await new Promise((r) => setTimeout(r, 50));
    siem.listener([exampleExchange(3)]);
    await receiver.waitForMessages(1);
    expect(parseCef(parseSyslog(receiver.messages[0]!.raw).msg).extensions.externalId).toBe('ex-00003');
  });

  test('TCP: a receiver that is not listening yet gets every event once it is', async () => {
    const { tcpPort } = receiver;
    await receiver.close();
    const siem = await start({ transport: 'tcp', port: tcpPort, maxMemoryEvents: 5 });
    siem.listener(Array.from({ length: 20 }, (_, i) => exampleExchange(i)));
    await until(() => siem.stats().main!.diskEvents === 20);
    receiver = await startFakeSyslog({ tcpPort });
    await receiver.waitForMessages(20);
    expect(receiver.messages.map((m) => parseCef(parseSyslog(m.raw).msg).extensions.externalId)).toEqual(
      Array.from({ length: 20 }, (_, i) => exampleExchange(i).id),
    );
  });
});

describe('syslog sink over TLS', () => {
  const certs = tempDir('gatehouse-siem-tls-');
  let hasOpenssl = true;
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        join(certs.dir, 'key.pem'),
        '-out',
        join(certs.dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
  } catch {
    hasOpenssl = false;
  }

  afterAll(() => certs.remove());

  beforeEach(async () => {
    spool = tempDir();
    receiver = await startFakeSyslog(
      hasOpenssl ? { tls: { key: readFileSync(join(certs.dir, 'key.pem'), 'utf8'), cert: readFileSync(join(certs.dir, 'cert.pem'), 'utf8') } } : {},
    );
  });

  test.skipIf(!hasOpenssl)('verifies the receiver against caFile and sends octet-counted frames', async () => {
    const siem = await start({ transport: 'tls', port: receiver.tlsPort, caFile: join(certs.dir, 'cert.pem'), facility: 'local3', appName: 'gh-test' });
    siem.listener([refusedWithFinding(), exampleExchange(2)]);
    await receiver.waitForMessages(3);
    expectCefEvents('tls');
  });

  test.skipIf(!hasOpenssl)('an untrusted certificate is a delivery failure, not a silent send', async () => {
    const siem = await start({ transport: 'tls', port: receiver.tlsPort });
    siem.listener([exampleExchange(1)]);
    await until(() => siem.stats().main!.retries > 0);
    expect(receiver.messages).toHaveLength(0);
    expect(siem.stats().main).toMatchObject({ up: false, delivered: 0 });
  });
});

async function until(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
