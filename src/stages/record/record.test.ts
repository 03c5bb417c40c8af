import { describe, expect, it } from 'vitest';
import { newExchangeRecord, type ExchangeRecord } from '../../core/record.js';
import type { Exchange, ExchangeOutcome } from '../../core/exchange.js';
import { chat } from '../../guardrails/guardrails.fixtures.js';
import { silentLogger } from '../../log/logger.js';
import { exchangeRecord, safeRecord } from './exchange-record.js';
import { CLIENT_CLOSED, answeredOutcome, createRecordStage, refusedOutcome } from './index.js';

const LINE = { method: 'POST', url: '/v1/chat/completions?api_key=secret' };
const OK: ExchangeOutcome = { status: 200, reason: 'ok', outcome: 'ok' };

/** A sink keeping what it is given; `durable` says whether commits succeed. */
function memorySink(durable = true) {
  const records: Array<{ record: ExchangeRecord; durable: boolean }> = [];
  return {
    records,
    record(record: ExchangeRecord) {
      records.push({ record, durable: false });
    },
    async recordDurable(record: ExchangeRecord) {
      records.push({ record, durable: true });
      return durable;
    },
  };
}

describe('the exchange record', () => {
  it('has the same fields, in the same order, from the hot-path literal and from newExchangeRecord', () => {
    const hot = exchangeRecord(chat({ model: 'gpt-test' }), LINE, OK);
    const cold = newExchangeRecord({
      id: 'x',
      createdAt: 0,
      operation: 'unknown',
      method: 'GET',
      path: '/',
      status: 404,
      reason: 'route_not_found',
      outcome: 'refused',
    });
    expect(Object.keys(cold)).toEqual(Object.keys(hot));
    expect(Object.keys(hot)).toHaveLength(29);
  });

  it('defaults every field newExchangeRecord is not given to the anonymous, model-less, content-less record', () => {
    const record = newExchangeRecord({
      id: 'x',
      createdAt: 5,
      operation: 'token',
      method: 'POST',
      path: '/oauth/token',
      status: 401,
      reason: 'invalid_client',
      outcome: 'refused',
      latencyMs: 1.5,
    });
    expect(record).toMatchObject({
      identityId: 'anonymous',
      endUser: null,
      modelRequested: null,
      streamed: false,
      latencyMs: 1.5,
      ttfbMs: null,
      trace: [],
      findings: [],
      costUsd: null,
      contentMode: null,
      modelVersion: null,
    });
    // Each record gets its own lists: one record's trace never grows another's.
    expect(
      newExchangeRecord({ id: 'y', createdAt: 5, operation: 'token', method: 'POST', path: '/', status: 200, reason: 'ok', outcome: 'ok' }).trace,
    ).not.toBe(record.trace);
  });

  it('falls back to a record of the decision, same fields, when the derived facts cannot be read', () => {
    const broken = chat({ model: 'gpt-test' });
    Object.defineProperty(broken, 'headers', {
      get: () => {
        throw new TypeError('unreadable');
      },
    });
    const record = safeRecord(broken, LINE, OK, silentLogger());
    expect(Object.keys(record)).toEqual(Object.keys(exchangeRecord(chat({}), LINE, OK)));
    expect(record).toMatchObject({
      id: 'req-1',
      path: '/v1/chat/completions',
      status: 200,
      modelRequested: null,
      trace: [{ stage: 'record', verdict: 'error', note: 'record built without derived facts (TypeError)' }],
    });
  });
});

describe('the record stage', () => {
  it('tells the pipeline the exchange ended before it builds the record, and commits it durably', async () => {
    const sink = memorySink();
    const stage = createRecordStage({ sink, logger: silentLogger(), logExchanges: false });
    const exchange = chat({ model: 'gpt-test' });
    const told: ExchangeOutcome[] = [];
    exchange.completer = {
      complete: (ex: Exchange, outcome: ExchangeOutcome) =>
        void (told.push(outcome), ex.trace.push({ stage: 'limits', phase: 'response', verdict: 'continue', durationUs: 0 })),
    };
    expect(await stage.commit(exchange, LINE, answeredOutcome(exchange))).toBe(true);
    expect(told).toEqual([OK]);
    expect(sink.records).toHaveLength(1);
    expect(sink.records[0]).toMatchObject({
      durable: true,
      record: { path: '/v1/chat/completions', status: 200, outcome: 'ok', trace: [{ stage: 'limits' }] },
    });
  });

  it('says the answer must be withheld when the record cannot be committed', async () => {
    const stage = createRecordStage({ sink: memorySink(false), logger: silentLogger(), logExchanges: false });
    expect(await stage.commit(chat({}), LINE, refusedOutcome('upstream_rate_limited', 429))).toBe(false);
  });

  it('records a refusal as refused or as an error, and an abandoned exchange without waiting', () => {
    expect(refusedOutcome('forbidden_by_policy', 403).outcome).toBe('refused');
    expect(refusedOutcome('upstream_rate_limited', 429).outcome).toBe('error');
    expect(refusedOutcome('upstream_error', 502).outcome).toBe('error');
    const sink = memorySink();
    createRecordStage({ sink, logger: silentLogger(), logExchanges: false }).finish(chat({}), LINE, CLIENT_CLOSED);
    expect(sink.records).toMatchObject([{ durable: false, record: { status: 499, outcome: 'client_closed' } }]);
  });

  it('writes the start of a stream as in progress, durably', async () => {
    const sink = memorySink();
    const exchange = chat({ stream: true }, { stream: true });
    expect(await createRecordStage({ sink, logger: silentLogger(), logExchanges: false }).commitStreamStart(exchange, LINE)).toBe(true);
    expect(sink.records).toMatchObject([{ durable: true, record: { outcome: 'in_progress', streamed: true } }]);
  });
});
