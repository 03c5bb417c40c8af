import { describe, expect, test } from 'vitest';
import { parseCef, parseSyslog } from './fake-siem.fixtures.js';
import type { ExchangeRecord } from '../core/record.js';
import { cefHeaderEscape, cefValueEscape, toCef } from './cef.js';
import { collectEvents, toPlainEvent, type SiemEvent } from './events.js';
import { OCSF_SCHEMA_VERSION, toOcsf } from './ocsf.js';
import { exampleExchange, PRODUCER, recordWithFindings } from './siem.fixtures.js';
import { formatSyslog, octetCountedFrame } from './syslog-format.js';

const ALL = new Set(['exchanges', 'findings'] as const);

function eventsOf(record: ExchangeRecord, kinds: ReadonlySet<'exchanges' | 'findings'> = ALL): SiemEvent[] {
  const out: SiemEvent[] = [];
  collectEvents(record, kinds, out);
  return out;
}

describe('events of a record', () => {
  test('one exchange event, then one finding event per finding, in order', () => {
    const events = eventsOf(recordWithFindings(1, [{ detector: 'pii' }, { detector: 'secrets' }]));
    expect(events.map((e) => (e.kind === 'finding' ? `finding:${e.index}` : e.kind))).toEqual(['exchange', 'finding:0', 'finding:1']);
  });

  test('the durable start of a stream is skipped; its final record is exported', () => {
    expect(eventsOf(recordWithFindings(1, [{}], { outcome: 'in_progress', streamed: true }))).toEqual([]);
    expect(eventsOf(recordWithFindings(1, [{}], { outcome: 'ok', streamed: true }))).toHaveLength(2);
  });

  test('the events setting selects exchanges, findings or both', () => {
    const record = recordWithFindings(1, [{}, {}]);
    expect(eventsOf(record, new Set(['exchanges']))).toHaveLength(1);
    expect(eventsOf(record, new Set(['findings'])).map((e) => e.kind)).toEqual(['finding', 'finding']);
  });
});

describe('OCSF API Activity', () => {
  test('a chat completion is API Activity: Create with the request, actor, status and extras', () => {
    const record = exampleExchange(7, {
      identityId: 'svc-billing',
      endUser: 'alice@example.com',
      environment: 'production',
      policyVersion: 'sha256:abc',
      costUsd: 0.25,
      path: '/v1/chat/completions?api-key=SECRET',
    });
    const e = toOcsf({ kind: 'exchange', record }, PRODUCER) as any;
    expect(e).toMatchObject({
      class_uid: 6003,
      class_name: 'API Activity',
      category_uid: 6,
      category_name: 'Application Activity',
      activity_id: 1,
      activity_name: 'Create',
      type_uid: 600301,
      type_name: 'API Activity: Create',
      time: record.createdAt,
      start_time: record.createdAt,
      end_time: record.createdAt + 42,
      duration: 42,
      severity_id: 1,
      severity: 'Informational',
      status_id: 1,
      status: 'Success',
      status_code: 'ok',
      metadata: {
        version: OCSF_SCHEMA_VERSION,
        product: { name: 'Gatehouse', vendor_name: 'Gatehouse', version: '9.8.7' },
        uid: record.id,
        correlation_uid: record.id,
      },
      actor: { user: { uid: 'svc-billing' } },
      api: { operation: 'chat', request: { uid: record.id }, response: { code: 200 }, service: { name: 'Gatehouse' } },
      http_request: { http_method: 'POST', url: { path: '/v1/chat/completions' } },
      http_response: { code: 200 },
      resources: [{ type: 'AI Model', name: 'gpt-4o-mini', uid: 'gpt-4o-mini' }],
      unmapped: {
        model: 'gpt-4o-mini',
        provider_id: 'openai',
        total_tokens: 30,
        prompt_tokens: 10,
        completion_tokens: 20,
        policy_version: 'sha256:abc',
        environment: 'production',
        end_user: 'alice@example.com',
        cost_usd: 0.25,
      },
    });
    expect(e.type_uid).toBe(e.class_uid * 100 + e.activity_id);
    expect(e).not.toHaveProperty('src_endpoint');
    expect(JSON.stringify(e)).not.toContain('SECRET');
  });

  test('a guardrail refusal is a Failure of Medium severity with the reason code and its summary', () => {
    const e = toOcsf({ kind: 'exchange', record: exampleExchange(1, { status: 400, reason: 'input_blocked', outcome: 'refused' }) }, PRODUCER) as any;
    expect(e).toMatchObject({
      status_id: 2,
      status: 'Failure',
      status_code: 'input_blocked',
      severity_id: 3,
      api: { response: { code: 400, error: 'input_blocked' } },
    });
    expect(e.status_detail).toMatch(/guardrail/i);
  });

  test('authentication refusals are Medium, upstream errors Low, client disconnects Other', () => {
    const sev = (o: Partial<ExchangeRecord>) => toOcsf({ kind: 'exchange', record: exampleExchange(1, o) }, PRODUCER) as any;
    expect(sev({ status: 401, reason: 'invalid_token', outcome: 'refused' }).severity_id).toBe(3);
    expect(sev({ status: 502, reason: 'upstream_error', outcome: 'error' }).severity_id).toBe(2);
    expect(sev({ status: 499, reason: 'client_closed_request', outcome: 'client_closed' })).toMatchObject({
      status_id: 99,
      status: 'Client Closed',
      severity_id: 1,
    });
  });

  test('activity follows the operation, and the HTTP method for admin calls', () => {
    const activity = (operation: string, method: string) => toOcsf({ kind: 'exchange', record: exampleExchange(1, { operation, method }) }, PRODUCER) as any;
    expect(activity('embeddings', 'POST')).toMatchObject({ activity_id: 1, type_uid: 600301 });
    expect(activity('admin', 'GET')).toMatchObject({ activity_id: 2, activity_name: 'Read', type_uid: 600302 });
    expect(activity('admin', 'PATCH')).toMatchObject({ activity_id: 3, type_uid: 600303 });
    expect(activity('admin', 'DELETE')).toMatchObject({ activity_id: 4, type_uid: 600304 });
    expect(activity('guard.scan', 'POST')).toMatchObject({ activity_id: 99, activity_name: 'Scan', type_uid: 600399 });
    expect(activity('unknown', 'OPTIONS')).toMatchObject({ activity_id: 0, type_uid: 600300 });
  });

  test('absent facts are left out rather than null', () => {
    const e = toOcsf({ kind: 'exchange', record: exampleExchange(1, { modelRequested: null, upstreamModel: null, providerId: null }) }, PRODUCER) as any;
    expect(e).not.toHaveProperty('resources');
    expect(JSON.stringify(e)).not.toContain('null');
  });
});

describe('OCSF Detection Finding', () => {
  const record = recordWithFindings(
    3,
    [
      { detector: 'prompt_injection', type: 'INSTRUCTION_OVERRIDE', score: 0.97, action: 'block', direction: 'input' },
      { detector: 'pii', type: 'EMAIL_ADDRESS', score: 0.6, action: 'redact', direction: 'output', path: 'choices[0].message.content' },
      { detector: 'keywords', type: 'competitor', score: 0.3, action: 'monitor' },
      { detector: 'secrets', type: 'AWS_KEY', score: 1, action: 'require_approval' },
    ],
    { identityId: 'svc-a' },
  );
  const findings = eventsOf(record)
    .filter((e) => e.kind === 'finding')
    .map((e) => toOcsf(e, PRODUCER) as any);

  test('each finding is a Detection Finding: Create, with its own uid and the request as resource', () => {
    expect(findings).toHaveLength(4);
    expect(findings[0]).toMatchObject({
      class_uid: 2004,
      class_name: 'Detection Finding',
      category_uid: 2,
      category_name: 'Findings',
      activity_id: 1,
      type_uid: 200401,
      time: record.createdAt,
      status_id: 1,
      finding_info: {
        uid: `${record.id}:0`,
        title: 'prompt_injection:INSTRUCTION_OVERRIDE',
        types: ['INSTRUCTION_OVERRIDE'],
        analytic: { name: 'prompt_injection', type_id: 4 },
      },
      metadata: { uid: `${record.id}:0`, correlation_uid: record.id, product: { name: 'Gatehouse', version: '9.8.7' } },
      actor: { user: { uid: 'svc-a' } },
      resources: [{ uid: record.id, data: { direction: 'input', path: 'messages[0].content' } }],
    });
    expect(findings.map((f) => f.finding_info.uid)).toEqual([0, 1, 2, 3].map((i) => `${record.id}:${i}`));
    for (const f of findings) expect(f.type_uid).toBe(f.class_uid * 100 + f.activity_id);
  });

  test('severity and disposition follow the action; confidence follows the score', () => {
    expect(findings.map((f) => [f.severity_id, f.severity])).toEqual([
      [4, 'High'],
      [3, 'Medium'],
      [2, 'Low'],
      [3, 'Medium'],
    ]);
    expect(findings.map((f) => [f.action_id, f.disposition_id])).toEqual([
      [2, 2],
      [1, 11],
      [1, 15],
      [2, 2],
    ]);
    expect(findings.map((f) => [f.confidence_id, f.confidence_score])).toEqual([
      [3, 97],
      [2, 60],
      [1, 30],
      [3, 100],
    ]);
    expect(findings[1].unmapped).toMatchObject({ policy_action: 'redact', direction: 'output', body_path: 'choices[0].message.content', score: 0.6 });
  });
});

describe('an exfiltration attempt', () => {
  test('is High in OCSF, CEF and syslog even when its policy only monitors', () => {
    const record = recordWithFindings(3, [
      { direction: 'output', detector: 'exfiltration', type: 'exfiltration_pii', score: 0.95, action: 'monitor', path: 'choices[0].message.content' },
      { direction: 'output', detector: 'render', type: 'markdown_image', score: 1, action: 'monitor', path: 'choices[0].message.content' },
    ]);
    const events = eventsOf(record).filter((e) => e.kind === 'finding');
    expect(events.map((e) => (toOcsf(e, PRODUCER) as any).severity_id)).toEqual([4, 2]);
    expect(events.map((e) => parseCef(toCef(e, PRODUCER)).severity)).toEqual(['8', '3']);
  });
});

describe('CEF', () => {
  test('header escapes pipes and backslashes; values escape equals, backslashes and line breaks', () => {
    expect(cefHeaderEscape('a|b\\c')).toBe('a\\|b\\\\c');
    expect(cefHeaderEscape('two\nlines')).toBe('two lines');
    expect(cefValueEscape('a=b\\c\nd\re|f')).toBe('a\\=b\\\\c\\nd\\re|f');
  });

  test('an exchange line has the fixed header, the reason as signature, and round-trips hostile values', () => {
    const hostile = 'eve=admin\\ x|y\nsuser=root';
    const record = exampleExchange(5, {
      identityId: 'svc|pipe',
      endUser: hostile,
      status: 403,
      reason: 'forbidden_by_policy',
      outcome: 'refused',
      conversationId: 'c=1',
    });
    const line = toCef({ kind: 'exchange', record }, { version: '1.0|beta', hostname: 'gw-1' });
    expect(line).not.toContain('\n');
    expect(line.startsWith('CEF:0|Gatehouse|Gatehouse|1.0\\|beta|exchange:forbidden_by_policy|chat refused|5|')).toBe(true);
    const cef = parseCef(line);
    expect(cef).toMatchObject({
      version: '0',
      vendor: 'Gatehouse',
      product: 'Gatehouse',
      deviceVersion: '1.0|beta',
      signatureId: 'exchange:forbidden_by_policy',
      severity: '5',
    });
    expect(cef.extensions).toMatchObject({
      rt: String(record.createdAt),
      externalId: record.id,
      requestMethod: 'POST',
      request: '/v1/chat/completions',
      suser: 'svc|pipe',
      duser: hostile,
      outcome: 'refused',
      reason: 'forbidden_by_policy',
      cn1Label: 'httpStatus',
      cn1: '403',
      cs1Label: 'model',
      cs1: 'gpt-4o-mini',
      cs6Label: 'conversationId',
      cs6: 'c=1',
    });
    // The hostile end user cannot add a key of its own.
    expect(Object.keys(cef.extensions).filter((k) => k === 'suser')).toHaveLength(1);
  });

  test('absent values are left out together with their label', () => {
    const cef = parseCef(toCef({ kind: 'exchange', record: exampleExchange(1) }, PRODUCER));
    expect(cef.extensions).not.toHaveProperty('duser');
    expect(cef.extensions).not.toHaveProperty('cs6Label');
    expect(cef.extensions).not.toHaveProperty('cfp1Label');
  });

  test('one line per finding: detector and type as signature, action and score', () => {
    const record = recordWithFindings(2, [{ detector: 'secrets', type: 'AWS_KEY', action: 'block', score: 0.99 }]);
    const [, finding] = eventsOf(record);
    const cef = parseCef(toCef(finding!, PRODUCER));
    expect(cef).toMatchObject({ signatureId: 'finding:secrets:AWS_KEY', name: 'secrets:AWS_KEY block', severity: '8' });
    expect(cef.extensions).toMatchObject({
      externalId: `${record.id}:0`,
      act: 'block',
      cat: 'secrets',
      cfp1: '0.99',
      cs1: 'AWS_KEY',
      cs2: 'input',
      cs4: record.id,
    });
  });
});

describe('RFC 5424 framing', () => {
  test('priority, header fields and octet counting', () => {
    const msg = formatSyslog(
      { facility: 'local4', severity: 4, time: Date.UTC(2025, 0, 2, 3, 4, 5, 6), hostname: 'gw 1', appName: 'gatehouse', procId: '42', msgId: 'finding' },
      'CEF:0|x|é',
    );
    const parsed = parseSyslog(msg);
    expect(parsed).toMatchObject({
      pri: 20 * 8 + 4,
      version: 1,
      timestamp: '2025-01-02T03:04:05.006Z',
      hostname: 'gw1',
      appName: 'gatehouse',
      procId: '42',
      msgId: 'finding',
      structuredData: '-',
      msg: 'CEF:0|x|é',
    });
    expect(octetCountedFrame('é')).toBe('2 é');
  });
});

describe('no content leaves the gateway', () => {
  test('fields that are not part of the record schema, and trace notes, are never exported', () => {
    const record = {
      ...recordWithFindings(9, [{ detector: 'pii' }]),
      prompt: 'CONTENT-PROMPT',
      messages: [{ role: 'user', content: 'CONTENT-MESSAGE' }],
      completion: 'CONTENT-COMPLETION',
      trace: [{ stage: 'guardrails', phase: 'request', verdict: 'continue', durationUs: 1, note: 'CONTENT-NOTE' }],
      findings: [
        {
          direction: 'input',
          detector: 'pii',
          type: 'EMAIL',
          score: 1,
          start: 0,
          end: 5,
          path: 'messages[0].content',
          action: 'redact',
          text: 'CONTENT-MATCH',
          evidence: 'CONTENT-EVIDENCE',
        },
      ],
    } as unknown as ExchangeRecord;
    const outputs = eventsOf(record).flatMap((e) => [JSON.stringify(toOcsf(e, PRODUCER)), toCef(e, PRODUCER), JSON.stringify(toPlainEvent(e))]);
    expect(outputs).toHaveLength(6);
    for (const out of outputs) expect(out).not.toMatch(/CONTENT-/);
  });
});

describe('audit checkpoints', () => {
  const checkpoint = {
    v: 1 as const,
    from: 41,
    to: 80,
    root: 'ab'.repeat(32),
    head: 'cd'.repeat(32),
    at: 1_750_000_000_000,
    keyId: 'kid-1',
    prev: 'ef'.repeat(32),
    signature: 'sig_-A',
  };

  test('OCSF: Datastore Activity, activity Checkpoint, with the whole checkpoint unmapped', () => {
    expect(toOcsf({ kind: 'checkpoint', checkpoint }, PRODUCER)).toMatchObject({
      class_uid: 6005,
      category_uid: 6,
      activity_id: 99,
      activity_name: 'Checkpoint',
      type_uid: 600599,
      time: checkpoint.at,
      severity_id: 1,
      metadata: { uid: 'checkpoint:41-80', correlation_uid: 'checkpoint:41-80', log_name: 'checkpoints', product: { version: '9.8.7' } },
      unmapped: { checkpoint },
    });
  });

  test('CEF: one line with every field, the checkpoint JSON round-tripping through the escapes', () => {
    const cef = parseCef(toCef({ kind: 'checkpoint', checkpoint }, PRODUCER));
    expect(cef).toMatchObject({ signatureId: 'audit:checkpoint', name: 'audit checkpoint 41..80', severity: '1' });
    expect(cef.extensions).toMatchObject({
      externalId: 'checkpoint:41-80',
      cn1: '41',
      cn2: '80',
      cs1: checkpoint.root,
      cs3: 'kid-1',
      cs4: 'sig_-A',
      cs5: checkpoint.prev,
    });
    expect(JSON.parse(cef.extensions.cs6!)).toEqual(checkpoint);
  });

  test('flat JSON carries the checkpoint as it is', () => {
    expect(toPlainEvent({ kind: 'checkpoint', checkpoint })).toEqual({
      type: 'gatehouse.checkpoint',
      id: 'checkpoint:41-80',
      time: new Date(checkpoint.at).toISOString(),
      checkpoint,
    });
  });
});
