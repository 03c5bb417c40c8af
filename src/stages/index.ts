import type { Authorizer } from '../authz/types.js';
import type { LimitsConfig } from '../config/schema-limits.js';
import type { ControlView } from '../control/state.js';
import { Pipeline } from '../core/pipeline.js';
import type { Exchange, LocalOperation } from '../core/exchange.js';
import type { LocalTerminal, Stage } from '../core/stage.js';
import type { ProfileResolver } from '../guardrails/profile.js';
import type { Authenticator } from '../identity/authenticator.js';
import type { LimitBackend } from '../limits/backend.js';
import type { Logger } from '../log/logger.js';
import type { Provider } from '../providers/contract.js';
import type { DeploymentHealth } from '../routing/health.js';
import type { ModelEntry } from '../routing/model-registry.js';
import type { ApprovalDesk } from '../approvals/desk.js';
import { evaluateArgsCondition } from '../authz/conditions.js';
import { compileToolPolicies, createApprovalHoldStage } from './approval-hold/index.js';
import type { ToolConfig } from '../config/schema-tools.js';
import { createApprovalTerminals, type HeldRunner } from './approval-result/index.js';
import { createAuthenticateStage } from './authenticate/index.js';
import { createAuthorizeStage, datasetGate, modelGate, toolGate } from './authorize/index.js';
import { createTokenCountTerminal } from './count-tokens/index.js';
import type { McpResourceMap } from '../core/mcp-names.js';
import { createMcpTerminals } from './mcp-upstream/index.js';
import { createCallApprovalStage } from './call-approval/index.js';
import { callRules, createCallGate } from '../approvals/call-gate.js';
import { createValidateToolArgsStage, type ToolSchemaSource } from './validate-tool-args/index.js';
import type { McpUpstream } from '../mcp/upstream.js';
import { createGuardScanTerminal } from './guard-scan/index.js';
import { createStoredResponsesTerminal } from './stored-responses/index.js';
import { createInputGuardrailsStage } from './input-guardrails/index.js';
import { createLimitsStage } from './limits/index.js';
import { createModelListing } from './list-models/index.js';
import { createOutputGuardrailsStage } from './output-guardrails/index.js';
import { createRecordStage, type RecordStage, type RecordStageDeps } from './record/index.js';
import { createResolveModelStage } from './resolve-model/index.js';
import { createRouter } from './route/index.js';
import { createTrafficControlStage } from './traffic-control/index.js';
import { createValidateRequestStage } from './validate-request/index.js';

export interface ResourceEntry {
  environments?: string[];
}

/** The domain objects of one configuration version the stages are built from (src/server/runtime.ts makes them). */
export interface StageDeps {
  models: ReadonlyMap<string, ModelEntry>;
  /** Kill switches, incident mode, promoted versions. */
  controls: ControlView;
  /** Residency tags of datasets, for residency-aware routing. */
  datasetResidency: ReadonlyMap<string, readonly string[]>;
  /** The limits section and the counters (which outlive runtimes); absent: no limit is enforced. */
  limits?: { config: LimitsConfig; backend: LimitBackend } | undefined;
  tools: ReadonlyMap<string, ResourceEntry>;
  datasets: ReadonlyMap<string, ResourceEntry>;
  /** Present when auth.mode is `required`: then authenticate and authorize are in the list. */
  identity?: { authenticator: Authenticator; authorizer: Authorizer } | undefined;
  /** Present when guardrail profiles are configured. */
  guardrails?: ProfileResolver | undefined;
  /** guardrails.allowedExtraFields: unknown request fields production identities may send. */
  allowedExtraFields?: readonly string[];
  /**
   * The tools section (argument schemas, approval rules) and the approvals desk that holds calls. Every
   * gateway has a desk (src/gateway.ts); without one (a runtime built by `gatehouse check`), no chat answer
   * is held and an MCP call whose rule applies is refused.
   */
  approvals?: { tools: Readonly<Record<string, ToolConfig>>; desk: ApprovalDesk | undefined } | undefined;
  logger: Logger;
  /** The upstream MCP servers of this configuration version (src/mcp); absent or empty: no MCP operation is served. */
  mcpUpstreams?: ReadonlyMap<string, McpUpstream> | undefined;
  /** How long a held tools/call of each MCP server waits for a quick decision (mcp.servers.<name>.approvalWaitMs). */
  mcpApprovalWaitMs?: ReadonlyMap<string, number>;
  /** MCP resource URI patterns per server (mcp.servers.<name>.resources). */
  mcpResources?: McpResourceMap;
}

/** What the terminals need besides the stage deps: the router's providers and health, the listing's timestamp. */
export interface PipelineDeps extends StageDeps {
  providers: ReadonlyMap<string, Provider>;
  /** Circuit breakers and latency per deployment; outlive runtimes. */
  health: DeploymentHealth;
  /** When this configuration version was loaded: the model listing's `created`. */
  loadedAt: number;
}

/**
 * The pipeline of one configuration version: the stage list below around each operation's terminal (the
 * router for chat and embeddings, a local answer for a scan or the model listing). Every /v1 route runs
 * it, and the record stage (`buildRecordStage`) closes every exchange it runs.
 */
export function buildPipeline(deps: PipelineDeps): Pipeline {
  const stages = buildStages(deps);
  const router = createRouter(deps.providers, { models: deps.models, controls: deps.controls, health: deps.health, logger: deps.logger });
  // A request an input guardrail held runs through this same pipeline once it is released.
  let pipeline: Pipeline | undefined;
  const runHeld = (exchange: Exchange) => (pipeline as Pipeline).run(exchange);
  pipeline = new Pipeline(stages, router, buildLocalTerminals(deps, runHeld));
  return pipeline;
}

/**
 * THE stage list, in request order (response and stream stages run in reverse). docs/lifecycle.md draws it.
 * Configuration tunes stages; it cannot reorder them or drop the security ones. New capabilities
 * add their stage here, at its documented position, without touching the pipeline core.
 */
export function buildStages(deps: StageDeps): Stage[] {
  const stages: Stage[] = [createValidateRequestStage()];
  if (deps.identity) stages.push(createAuthenticateStage(deps.identity.authenticator));
  const resources = { models: deps.models, tools: deps.tools, datasets: deps.datasets };
  // A refusal resolve-model gives before authorize (wrong kind, residency) must not reveal a forbidden model.
  const mayInvoke = deps.identity ? modelGate(deps.identity.authorizer, resources) : undefined;
  stages.push(createResolveModelStage(deps.models, { controls: deps.controls, datasetResidency: deps.datasetResidency, mayInvoke }));
  // Stopped traffic is refused before any policy or limit work is spent on it.
  const trafficControl = createTrafficControlStage(deps.controls, { mayInvoke });
  if (trafficControl) stages.push(trafficControl);
  // Before authorize in the list, so on the response side (reverse order) it runs after authorize has
  // refused any tool the caller may not use at all: only a permitted call is ever held for a person.
  const desk = deps.approvals?.desk;
  const hold = desk && createApprovalHoldStage({ policies: compileToolPolicies(deps.approvals?.tools ?? {}), desk, evaluate: evaluateArgsCondition });
  if (hold) stages.push(hold);
  if (deps.identity) stages.push(createAuthorizeStage(deps.identity.authorizer, resources, { mcpResources: deps.mcpResources }));
  // After authorize: a caller that may not use a tool cannot probe its schema.
  const mcp = deps.mcpUpstreams && deps.mcpUpstreams.size > 0 ? deps.mcpUpstreams : undefined;
  if (mcp) stages.push(createValidateToolArgsStage(toolSchemas(mcp, deps.approvals?.tools)));
  // Limits count only authorized requests, and shed load before the guardrails' heavier work. Undefined
  // when the section sets no limit at all.
  const limits = deps.limits && createLimitsStage(deps.limits.config, { backend: deps.limits.backend, models: deps.models, logger: deps.logger });
  if (limits) stages.push(limits);
  if (deps.guardrails) {
    stages.push(createInputGuardrailsStage(deps.guardrails, { allowedExtraFields: deps.allowedExtraFields ?? [], desk: deps.approvals?.desk }));
    // Response hooks run in reverse: output guardrails see the upstream answer first, before authorize.
    stages.push(createOutputGuardrailsStage(deps.guardrails));
  }
  // Last before an MCP upstream call: what is held is what would be sent, after every other check passed.
  if (mcp) stages.push(createCallApprovalStage(callApprovals(deps)));
  return stages;
}

/**
 * The terminals of the operations answered inside the gateway. They run behind the same stage list as
 * chat (authenticate, traffic-control, authorize with their own actions, limits): the routes only say
 * which operation a request is.
 */
function buildLocalTerminals(deps: PipelineDeps, runHeld: HeldRunner): Record<LocalOperation, LocalTerminal> {
  const listing = createModelListing({ models: deps.models, authorizer: deps.identity?.authorizer ?? null, loadedAt: deps.loadedAt });
  const approvals = createApprovalTerminals(deps.approvals?.desk, runHeld);
  const tokenCount = createTokenCountTerminal({ models: deps.models, authorizer: deps.identity?.authorizer ?? null });
  const catalog = { models: deps.models, tools: deps.tools, datasets: deps.datasets };
  const mcp = createMcpTerminals({
    upstreams: deps.mcpUpstreams ?? new Map(),
    declaredTools: new Set(deps.tools.keys()),
    mayUse: deps.identity ? toolGate(deps.identity.authorizer, catalog) : null,
    resources: deps.mcpResources ?? new Map(),
    mayRead: deps.identity ? datasetGate(deps.identity.authorizer, catalog) : null,
  });
  return {
    'guard.scan': createGuardScanTerminal(deps.guardrails),
    'models.list': listing.list,
    'models.get': listing.get,
    'approvals.get': approvals.get,
    'approvals.result': approvals.result,
    'tokens.count': tokenCount,
    'responses.get': createStoredResponsesTerminal(),
    ...mcp,
  };
}

/**
 * Which MCP calls a person must approve, and the approvals desk that holds them (src/approvals/call-gate.ts).
 * Without a desk (a runtime built without a store), a call whose tool has an approval rule is refused.
 */
function callApprovals(deps: StageDeps): Parameters<typeof createCallApprovalStage>[0] {
  const ruleFor = callRules(compileToolPolicies(deps.approvals?.tools ?? {}), evaluateArgsCondition);
  const desk = deps.approvals?.desk;
  const waits = deps.mcpApprovalWaitMs ?? new Map<string, number>();
  const waitMsFor = (tool: string) => waits.get(tool.slice(0, tool.indexOf('/'))) ?? 0;
  return { requiresApproval: (tool, args) => ruleFor(tool, args) !== undefined, gate: desk ? createCallGate(desk, ruleFor, waitMsFor) : null };
}

/** The argument schema of an MCP tool: the one `tools.<server>/<tool>.schema` declares, else its upstream's. */
function toolSchemas(upstreams: ReadonlyMap<string, McpUpstream>, tools: Readonly<Record<string, ToolConfig>> | undefined): ToolSchemaSource {
  return async function toolSchema(server, tool, signal) {
    const declared = tools?.[`${server}/${tool}`]?.schema;
    if (declared) return declared;
    return (await upstreams.get(server)?.tool(tool, signal))?.inputSchema;
  };
}

/**
 * The last stage of every exchange, after the terminal and the response (or stream) stages: it keeps the
 * content the data policy says to keep and commits the exchange's one record, before the answer (or a
 * stream's first byte, or its `[DONE]`) is released. It tells the pipeline the exchange ended first, so
 * onComplete hooks run before the record is built. Built once per process, not per configuration version:
 * the sink and the data policy outlive reloads.
 */
export function buildRecordStage(deps: RecordStageDeps): RecordStage {
  return createRecordStage(deps);
}

/** The guardrail stages `gatehouse replay` re-runs against a recorded request, as the list builds them. */
export function buildReplayGuardrails(resolve: ProfileResolver): { input: Stage; output: Stage } {
  return { input: createInputGuardrailsStage(resolve), output: createOutputGuardrailsStage(resolve) };
}
