import { performance } from 'node:perf_hooks';
import { GatewayError } from '../../core/errors.js';
import type { StreamReport } from '../../core/stage.js';
import type { StreamPart } from '../../core/stream-parts.js';
import type { CallsOutcome, ProposedToolCall } from './tool-calls.js';

/**
 * A stream whose tool calls are judged with their arguments (when a use_tool policy reads `args`): parts
 * pass until the first tool-call part, then everything is held back to the end of the stream, when every
 * call's arguments are complete; the calls are authorized together, and the held parts are released, or
 * the stream ends with the refusal in-band (the client never receives the call). In shadow mode the
 * refusal is reported and the parts are released.
 */
export async function* holdToolCalls(
  parts: AsyncIterable<StreamPart>,
  check: (calls: readonly ProposedToolCall[]) => CallsOutcome,
  report: StreamReport,
  enforce: boolean,
): AsyncGenerator<StreamPart> {
  const held: StreamPart[] = [];
  const calls = new Map<string, ProposedToolCall>();
  for await (const part of parts) {
    if (part.type === 'tool-call-delta') {
      const key = `${part.choice}:${part.index}`;
      const call = calls.get(key) ?? { name: null, arguments: '' };
      if (part.name !== undefined) call.name = part.name;
      call.arguments += part.arguments;
      calls.set(key, call);
    }
    if (held.length === 0 && part.type !== 'tool-call-delta') yield part;
    else held.push(part);
  }
  if (held.length === 0) return;
  const started = performance.now();
  const outcome = check([...calls.values()]);
  report.durationUs += (performance.now() - started) * 1000;
  if (outcome.allowed) {
    report.policyId = outcome.policyIds.join(',') || undefined;
    report.note = 'output tool calls with arguments';
  } else if (enforce) {
    report.policyId = outcome.policyId;
    throw new GatewayError(outcome.reason, outcome.message);
  } else {
    report.shadow = { reason: outcome.reason, policyId: outcome.policyId };
  }
  yield* held;
}
