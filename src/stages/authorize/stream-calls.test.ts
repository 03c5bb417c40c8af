import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import type { StreamReport } from '../../core/stage.js';
import type { StreamPart } from '../../core/stream-parts.js';
import { holdToolCalls } from './stream-calls.js';
import type { CallsOutcome, ProposedToolCall } from './tool-calls.js';

const PARTS: StreamPart[] = [
  { type: 'start', id: 'x', model: 'm', created: 1 },
  { type: 'text-delta', choice: 0, text: 'Refunding.' },
  { type: 'tool-call-delta', choice: 0, index: 0, id: 'c1', name: 'refund', arguments: '{"amo' },
  { type: 'tool-call-delta', choice: 0, index: 0, arguments: 'unt": 150}' },
  { type: 'finish', choice: 0, finishReason: 'tool_calls' },
];

async function* source(): AsyncGenerator<StreamPart> {
  yield* PARTS;
}

const refuseOver100 =
  (seen: ProposedToolCall[][]) =>
  (calls: readonly ProposedToolCall[]): CallsOutcome => {
    seen.push([...calls]);
    const amount = (JSON.parse(calls[0]?.arguments ?? '{}') as { amount: number }).amount;
    return amount < 100
      ? { allowed: true, policyIds: ['p'] }
      : { allowed: false, reason: 'forbidden_by_policy', message: 'withheld', policyId: 'refund-limits', errors: [] };
  };

async function drain(parts: AsyncIterable<StreamPart>): Promise<{ out: StreamPart[]; err: unknown }> {
  const out: StreamPart[] = [];
  try {
    for await (const p of parts) out.push(p);
  } catch (err) {
    return { out, err };
  }
  return { out, err: undefined };
}

describe('holdToolCalls', () => {
  it('judges each call once its arguments are complete, and releases nothing of a refused one', async () => {
    const seen: ProposedToolCall[][] = [];
    const report: StreamReport = { durationUs: 0 };
    const { out, err } = await drain(holdToolCalls(source(), refuseOver100(seen), report, true));
    expect(seen).toEqual([[{ name: 'refund', arguments: '{"amount": 150}' }]]);
    expect(out.map((p) => p.type)).toEqual(['start', 'text-delta']);
    expect(err).toBeInstanceOf(GatewayError);
    expect([(err as GatewayError).reason, report.policyId]).toEqual(['forbidden_by_policy', 'refund-limits']);
  });

  it('in shadow mode reports the refusal and releases the stream unchanged', async () => {
    const report: StreamReport = { durationUs: 0 };
    const { out, err } = await drain(holdToolCalls(source(), refuseOver100([]), report, false));
    expect(err).toBeUndefined();
    expect(out).toEqual(PARTS);
    expect(report.shadow).toEqual({ reason: 'forbidden_by_policy', policyId: 'refund-limits' });
  });
});
