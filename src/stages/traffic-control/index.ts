import { ALL_TARGET, type ControlView, type StopEntry } from '../../control/state.js';
import { GatewayError } from '../../core/errors.js';
import type { Exchange } from '../../core/exchange.js';
import { pushTrace } from '../../core/pipeline.js';
import { CONTINUE, respond, type Stage, type Verdict } from '../../core/stage.js';
import type { StreamPart } from '../../core/stream-parts.js';

const STAGE = 'traffic-control';

/**
 * Kill switches (docs/controls.md). Refuses an exchange whose identity is stopped (403
 * identity_traffic_stopped), or whose model, or the whole gateway, is stopped (503 traffic_stopped); a
 * provider stop refuses here only when it leaves no deployment in the plan (otherwise the router skips
 * the stopped provider's deployments). A stream already flowing is cut at its next part once a switch
 * covering it is thrown: the check is one integer compare per part until the control revision moves.
 *
 * The client is told which scope stopped it, never the operator's reason: that text is written for
 * operators (an incident number, a suspicion) and stays in the control history and the audit trail.
 */
export function createTrafficControlStage(controls: ControlView): Stage {
  return {
    name: STAGE,
    enforce: true,
    failOpen: false,
    onRequest: function checkKillSwitches(exchange: Exchange): Verdict {
      const stop = stopOf(controls, exchange);
      if (!stop) return CONTINUE;
      const refusal = refusalOf(stop);
      return respond(refusal.reason, refusal.message, { policyId: refusal.policyId });
    },
    transformStream: function cutStoppedStream(exchange: Exchange, parts: AsyncIterable<StreamPart>): AsyncIterable<StreamPart> {
      return guardStream(controls, exchange, parts);
    },
  };
}

async function* guardStream(controls: ControlView, exchange: Exchange, parts: AsyncIterable<StreamPart>): AsyncGenerator<StreamPart> {
  let seen = controls.revision;
  for await (const part of parts) {
    if (controls.revision !== seen) {
      seen = controls.revision;
      const stop = stopOf(controls, exchange);
      if (stop) {
        const refusal = refusalOf(stop);
        pushTrace(exchange, { stage: STAGE, phase: 'stream', verdict: 'respond', reason: refusal.reason, policyId: refusal.policyId, durationUs: 0, note: 'stream cut' });
        throw new GatewayError(refusal.reason, refusal.message);
      }
    }
    yield part;
  }
}

/** The first switch that covers the exchange: its identity, everything, its model, then its providers. */
function stopOf(controls: ControlView, exchange: Exchange): StopEntry | undefined {
  const stop = controls.stopped('identity', exchange.identity.id) ?? controls.stopped('all', ALL_TARGET);
  if (stop) return stop;
  const model = exchange.target?.name;
  if (model === undefined) return undefined;
  return controls.stopped('model', model) ?? everyProviderStopped(controls, exchange);
}

/** A provider stop when every deployment the plan could use belongs to a stopped provider. */
function everyProviderStopped(controls: ControlView, exchange: Exchange): StopEntry | undefined {
  const groups = exchange.plan?.groups;
  if (!groups) {
    const providerId = exchange.target?.providerId;
    return providerId === undefined ? undefined : controls.stopped('provider', providerId);
  }
  let first: StopEntry | undefined;
  for (const group of groups) {
    for (const deployment of group.deployments) {
      const stop = controls.stopped('provider', deployment.providerId);
      if (!stop) return undefined;
      first ??= stop;
    }
  }
  return first;
}

function refusalOf(stop: StopEntry): { reason: 'traffic_stopped' | 'identity_traffic_stopped'; message: string; policyId: string } {
  const policyId = `controls/stop/${stop.scope}:${stop.target}`;
  switch (stop.scope) {
    case 'identity':
      return { reason: 'identity_traffic_stopped', message: `An operator stopped all traffic of identity '${stop.target}'.`, policyId };
    case 'model':
      return { reason: 'traffic_stopped', message: `An operator stopped traffic to model '${stop.target}'.`, policyId };
    case 'provider':
      return { reason: 'traffic_stopped', message: `An operator stopped traffic to provider '${stop.target}', and no other deployment can serve.`, policyId };
    case 'all':
      return { reason: 'traffic_stopped', message: 'An operator stopped all traffic through this gateway.', policyId };
  }
}
