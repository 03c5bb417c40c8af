import { ALL_TARGET, type ControlView, type StopEntry } from '../../control/state.js';
import { MCP_OPERATIONS, type Exchange, type McpRequestBody } from '../../core/exchange.js';
import { mcpToolId } from '../../core/mcp-names.js';
import { CONTINUE, respond, type Respond, type Stage, type Verdict } from '../../core/stage.js';
import { hiddenModelRefusal, type ModelGate } from '../../routing/model-not-found.js';

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
export function createTrafficControlStage(controls: ControlView, options: { mayInvoke?: ModelGate | undefined } = {}): Stage {
  const mayInvoke = options.mayInvoke;
  return {
    name: STAGE,
    enforce: true,
    failOpen: false,
    onRequest: function checkKillSwitches(exchange: Exchange): Verdict {
      // A stream is checked again only once the controls change after this check.
      if (exchange.streamed) exchange.state.set(SEEN_REVISION, controls.revision);
      const stop = stopOf(controls, exchange);
      if (!stop) return CONTINUE;
      // A model or provider stop names the model: a caller that may not invoke it is told it does not exist,
      // as authorize would tell it, so a kill switch cannot be used to probe what is configured.
      if ((stop.scope === 'model' || stop.scope === 'provider') && mayInvoke && exchange.principal && exchange.target) {
        const outcome = mayInvoke(exchange.principal, exchange.target.name);
        if (!outcome.allowed && outcome.reason !== 'authorization_error') {
          return hiddenModelRefusal(exchange, STAGE, {
            reason: outcome.reason,
            policyId: outcome.policyId,
            note: `invoke_model '${exchange.target.name}' refused before the ${stop.scope} stop`,
          });
        }
      }
      const refusal = refusalOf(stop);
      return respond(refusal.reason, refusal.message, { policyId: refusal.policyId });
    },
    onStreamPart: function cutStoppedStream(exchange: Exchange): Respond | undefined {
      if (exchange.state.get(SEEN_REVISION) === controls.revision) return undefined;
      exchange.state.set(SEEN_REVISION, controls.revision);
      const stop = stopOf(controls, exchange);
      if (!stop) return undefined;
      const refusal = refusalOf(stop);
      return respond(refusal.reason, refusal.message, { policyId: refusal.policyId });
    },
  };
}

/** The control revision a stream last checked against. */
const SEEN_REVISION = Symbol('traffic-control.revision');

/**
 * The first switch that covers the exchange: its identity, everything, then its model and providers, or for
 * an MCP request its server and (a call) its tool.
 */
function stopOf(controls: ControlView, exchange: Exchange): StopEntry | undefined {
  const stop = controls.stopped('identity', exchange.identity.id) ?? controls.stopped('all', ALL_TARGET);
  if (stop) return stop;
  if (MCP_OPERATIONS.has(exchange.request.operation)) return mcpStop(controls, exchange.request.body as McpRequestBody);
  const model = exchange.target?.name;
  if (model === undefined) return undefined;
  return controls.stopped('model', model) ?? everyProviderStopped(controls, exchange);
}

function mcpStop(controls: ControlView, body: McpRequestBody): StopEntry | undefined {
  return controls.stopped('mcp_server', body.server) ?? (body.tool === undefined ? undefined : controls.stopped('tool', mcpToolId(body.server, body.tool)));
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
    case 'mcp_server':
      return { reason: 'traffic_stopped', message: `An operator stopped traffic to MCP server '${stop.target}'.`, policyId };
    case 'tool':
      return { reason: 'traffic_stopped', message: `An operator stopped calls of tool '${stop.target}'.`, policyId };
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
