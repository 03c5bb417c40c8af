import { describe, expect, it } from 'vitest';
import type { ControlView, StopEntry, StopScope } from '../../control/state.js';
import type { Exchange } from '../../core/exchange.js';
import { Pipeline } from '../../core/pipeline.js';
import type { StreamPart } from '../../core/stream-parts.js';
import { chat, recordingRouter, textStream } from '../../guardrails/guardrails.fixtures.js';
import type { Deployment } from '../../routing/model-registry.js';
import { createTrafficControlStage } from './index.js';

/** A ControlView over a plain map, whose revision moves on every change, like the control plane's. */
function switches() {
  const stops = new Map<string, StopEntry>();
  const view = {
    revision: 0,
    incident: false,
    stopped: (scope: StopScope, target: string) => stops.get(`${scope}:${target}`),
    activeVersion: () => undefined,
    stop(scope: StopScope, target: string) {
      stops.set(`${scope}:${target}`, { scope, target, reason: 'operator secret INC-1', actor: 'op', at: 1 });
      view.revision++;
    },
  };
  return view;
}

const deployment = (providerId: string): Deployment => ({
  id: `v1:${providerId}:m`,
  model: 'm',
  version: 'v1',
  providerId,
  providerType: 'mock',
  upstreamModel: 'm',
  region: null,
  residency: [],
  pricing: null,
  contextWindow: null,
  status: null,
  selection: null,
  weight: 1,
});

/** An exchange of `who` for model m, planned over deployments on these providers. */
function exchange(who: string, providers: string[] = ['p1'], stream = false): Exchange {
  const ex = chat({ model: 'm' }, { stream });
  ex.identity = { id: who, kind: who === 'anonymous' ? 'anonymous' : 'workload' };
  const deployments = providers.map(deployment);
  ex.plan = { version: 'v1', pinned: false, groups: [{ model: 'm', version: 'v1', deployments }], residency: [] };
  ex.target = { name: 'm', providerId: providers[0]!, providerType: 'mock', upstreamModel: 'm', version: 'v1', deploymentId: deployments[0]!.id };
  return ex;
}

const run = (controls: ControlView, ex: Exchange, parts?: StreamPart[]) =>
  new Pipeline([createTrafficControlStage(controls)], recordingRouter({ parts: parts ?? [] })).run(ex);

describe('traffic-control stage', () => {
  it('allow: nothing stopped, the exchange goes on', async () => {
    const ex = exchange('bot');
    expect((await run(switches(), ex)).kind).toBe('result');
    expect(ex.trace[0]).toMatchObject({ stage: 'traffic-control', verdict: 'continue' });
  });

  it('deny: a stopped identity is 403, naming the scope and never the operator reason; others pass', async () => {
    const s = switches();
    s.stop('identity', 'bot');
    const outcome = await run(s, exchange('bot'));
    expect(outcome).toMatchObject({
      kind: 'refused',
      status: 403,
      reason: 'identity_traffic_stopped',
      message: "An operator stopped all traffic of identity 'bot'.",
    });
    expect(JSON.stringify(outcome)).not.toContain('INC-1');
    expect((await run(s, exchange('other'))).kind).toBe('result');
    s.stop('identity', 'anonymous');
    expect(await run(s, exchange('anonymous'))).toMatchObject({ status: 403, reason: 'identity_traffic_stopped' });
  });

  it('deny: a stopped model or everything is 503 traffic_stopped, with the switch as policy id', async () => {
    const model = switches();
    model.stop('model', 'm');
    const ex = exchange('bot');
    expect(await run(model, ex)).toMatchObject({ status: 503, reason: 'traffic_stopped' });
    expect(ex.trace[0]).toMatchObject({ verdict: 'respond', policyId: 'controls/stop/model:m' });
    const all = switches();
    all.stop('all', '*');
    expect(await run(all, exchange('bot'))).toMatchObject({ status: 503, reason: 'traffic_stopped' });
  });

  it('a provider stop refuses only when every planned deployment is on a stopped provider', async () => {
    const s = switches();
    s.stop('provider', 'p1');
    expect((await run(s, exchange('bot', ['p1', 'p2']))).kind).toBe('result');
    expect(await run(s, exchange('bot', ['p1']))).toMatchObject({ status: 503, reason: 'traffic_stopped' });
    s.stop('provider', 'p2');
    expect(await run(s, exchange('bot', ['p1', 'p2']))).toMatchObject({ status: 503, reason: 'traffic_stopped' });
  });

  it('error: a control view that throws refuses (fail closed)', async () => {
    const broken: ControlView = {
      revision: 0,
      incident: false,
      activeVersion: () => undefined,
      stopped: () => {
        throw new Error('boom');
      },
    };
    expect(await run(broken, exchange('bot'))).toMatchObject({ kind: 'refused', reason: 'stage_failed' });
  });

  it('a stream is cut at its next part once a switch covering it is thrown; other changes let it finish', async () => {
    const s = switches();
    const collect = async (ex: Exchange, onPart: (n: number) => void) => {
      const outcome = await run(s, ex, textStream(['a', 'b', 'c', 'd']));
      if (outcome.kind !== 'stream') throw new Error('expected a stream');
      let n = 0;
      try {
        for await (const _part of outcome.parts) onPart(++n);
      } catch (err) {
        return { n, err };
      }
      return { n, err: undefined };
    };
    const unrelated = await collect(exchange('bot', ['p1'], true), (n) => n === 2 && s.stop('identity', 'someone-else'));
    expect(unrelated).toEqual({ n: 6, err: undefined });
    const ex = exchange('bot', ['p1'], true);
    const cut = await collect(ex, (n) => n === 2 && s.stop('identity', 'bot'));
    expect(cut.n).toBe(2);
    expect(cut.err).toMatchObject({ name: 'GatewayError', reason: 'identity_traffic_stopped', status: 403 });
    expect(ex.trace.at(-1)).toMatchObject({
      stage: 'traffic-control',
      phase: 'stream',
      verdict: 'respond',
      reason: 'identity_traffic_stopped',
      note: 'stream cut',
    });
  });
});
