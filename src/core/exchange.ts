import type { IncomingHttpHeaders } from 'node:http';
import type { ChatMessage, ChatRequest, EmbeddingsRequest, Usage } from './chat-types.js';
import type { Principal } from './principal.js';
import type { ReasonCode } from './reason-codes.js';
import type { PipelineOutcome } from './pipeline.js';
import type { Deployment } from './deployment.js';

/**
 * Who is calling, as recorded: `anonymous` until the authenticate stage names the caller (always, while
 * auth.mode is off); `workload` for an identity without roles, `admin` for one with roles. A caller the
 * authenticator could name but refused (suspended, static key not allowed) is named too, as `workload`.
 */
export interface CallerIdentity {
  id: string;
  kind: 'anonymous' | 'workload' | 'admin';
}

/** The model a request resolved to: the logical name the client sent and where it is served. */
export interface ResolvedModel {
  name: string;
  providerId: string;
  providerType: string;
  upstreamModel: string;
  /** The model version and deployment (see src/routing/model-registry.ts); recorded on every exchange. */
  version: string;
  deploymentId: string;
  /** USD per million tokens of the serving deployment; null or absent: no price known (cost 0). */
  pricing?: { inputPerMillionUsd: number; outputPerMillionUsd: number } | null;
}

/**
 * Where an exchange may be served, decided by resolve-model: the deployments of the version it runs on
 * (balanced by the router), then the fallback models' deployments, each list already filtered for the
 * caller's environment status and data residency. The router walks it; kill switches and open circuits
 * are checked at each attempt.
 */
export interface RoutePlan {
  /** The version of the requested model: pinned (model@version), promoted, or the default. */
  version: string;
  pinned: boolean;
  /** Candidate groups in order: first the requested model's version, then each fallback model's active version. */
  groups: ReadonlyArray<{ model: string; version: string; deployments: readonly Deployment[] }>;
  /** Residency tags the request carries (header, datasets); deployments lacking one were dropped. */
  residency: readonly string[];
}

export type TraceVerdict = 'continue' | 'respond' | 'hold' | 'shadow' | 'error' | 'fail_open';

/** One step of the decision trace: which stage decided what, under which policy, how fast. */
export interface TraceEntry {
  stage: string;
  phase: 'request' | 'route' | 'response' | 'stream';
  verdict: TraceVerdict;
  reason?: string;
  policyId?: string;
  durationUs: number;
  note?: string;
}

/** POST /v1/guard/scan: text or messages to run the detectors on, as input or as output. */
export interface GuardScanRequest {
  /** Absent: no model is involved (declared so code reading `body.model` of any request still type-checks). */
  model?: never;
  user?: never;
  text?: string;
  messages?: ChatMessage[];
  direction?: 'input' | 'output';
}

/** GET /v1/models/:model: the one model asked about (recorded as the model requested). */
export interface ModelQuery {
  model: string;
  user?: never;
}

/** GET /v1/approvals/{id} and /v1/approvals/{id}/result: the approval asked about, from the path. */
export interface ApprovalQuery {
  approval: string;
  model?: never;
  user?: never;
}

/** GET or DELETE /v1/responses/:id: the response id from the path. */
export interface StoredResponseQuery {
  id: string;
  model?: never;
  user?: never;
}
/**
 * One MCP request an agent sent to `/mcp/{server}` (src/mcp): the server it addressed and, for a call, a
 * read or a prompt, what it named. `tool` is the upstream's own tool name; the Cedar Tool it is authorized
 * as is `{server}/{tool}` (see src/mcp/tool-names.ts).
 */
export interface McpRequestBody {
  model?: never;
  user?: never;
  server: string;
  /** tools/call: the upstream tool name and its arguments. */
  tool?: string;
  arguments?: Record<string, unknown>;
  /** resources/read: the resource URI. */
  uri?: string;
  /** prompts/get: the prompt name and its arguments. */
  prompt?: string;
  promptArguments?: Record<string, string>;
}

/** The MCP methods the gateway governs; each is its own operation, recorded as `mcp.<method>`. */
export type McpOperation = 'mcp.tools/list' | 'mcp.tools/call' | 'mcp.resources/list' | 'mcp.resources/read' | 'mcp.prompts/list' | 'mcp.prompts/get';

export const MCP_OPERATIONS: ReadonlySet<Operation> = new Set<Operation>([
  'mcp.tools/list',
  'mcp.tools/call',
  'mcp.resources/list',
  'mcp.resources/read',
  'mcp.prompts/list',
  'mcp.prompts/get',
]);

export type ExchangeRequest =
  | { operation: McpOperation; body: McpRequestBody }
  | { operation: 'chat'; body: ChatRequest }
  | { operation: 'embeddings'; body: EmbeddingsRequest }
  | { operation: 'guard.scan'; body: GuardScanRequest }
  | { operation: 'models.list'; body: { model?: never; user?: never } }
  | { operation: 'models.get'; body: ModelQuery }
  | { operation: 'approvals.get'; body: ApprovalQuery }
  | { operation: 'approvals.result'; body: ApprovalQuery }
  /** POST /v1/messages/count_tokens: the conversation to count, as the chat request it translates into. */
  | { operation: 'tokens.count'; body: ChatRequest }
  /** GET or DELETE /v1/responses/:id: a stored response asked for; the gateway keeps none. */
  | { operation: 'responses.get'; body: StoredResponseQuery };

/** What an exchange does: the record's `operation`, and what selects the pipeline's terminal. */
export type Operation = ExchangeRequest['operation'];

/** Operations that call a model upstream (the router is their terminal). */
export type ModelOperation = 'chat' | 'embeddings';

/** For `Stage.operations`: the stages that only make sense around a model call (model resolution, guardrails). */
export const MODEL_OPERATIONS: ReadonlySet<Operation> = new Set<Operation>(['chat', 'embeddings']);

/**
 * For `Stage.operations`: the guardrail stages. Model operations, and MCP tool calls, whose arguments are
 * input an agent sends and whose results are output an agent reads (where indirect injections come from),
 * as are a resource's contents and a prompt's messages.
 */
export const GUARDED_OPERATIONS: ReadonlySet<Operation> = new Set<Operation>(['chat', 'embeddings', 'mcp.tools/call', 'mcp.resources/read', 'mcp.prompts/get']);

/** Operations answered inside the gateway (scanning, the model listing): no upstream is called. */
export type LocalOperation = Exclude<Operation, ModelOperation>;

/** Per-request state carried through the pipeline. Stage configuration lives in the stage, not here. */
export interface Exchange {
  readonly id: string;
  /** Wall-clock start, ms since epoch. */
  readonly startedAt: number;
  /** Monotonic start, from performance.now(). */
  readonly t0: number;
  readonly request: ExchangeRequest;
  readonly headers: IncomingHttpHeaders;
  /** Aborts when the client disconnects; providers must stop their upstream call. */
  readonly signal: AbortSignal;
  readonly streamed: boolean;
  identity: CallerIdentity;
  /** The authenticated caller, set by the authenticate stage; null while auth is off. */
  principal: Principal | null;
  endUser: string | null;
  target: ResolvedModel | null;
  /** Set by resolve-model; null before it and for requests refused earlier. */
  plan: RoutePlan | null;
  /** Extra headers for the client's answer (x-ratelimit-*, x-gatehouse-deployment), success or refusal. */
  responseHeaders: Record<string, string> | null;
  /** True when the router answered with the model's safe-mode text (no deployment could serve). */
  safeMode?: boolean;
  /** Cost of the exchange in micro-USD once known (priced from the serving deployment). */
  costMicroUsd: number | null;
  trace: TraceEntry[];
  usage: Usage | null;
  /** Monotonic time of the first byte sent to the client, when streaming. */
  firstByteAt: number | null;
  /** sha256 of the configuration version this exchange runs under (recorded; replay compares against it). */
  policyVersion?: string;
  /**
   * The pipeline that runs this exchange: told once when it ends (limits release leases, settle budgets),
   * and asked to vet an upstream's refusal text that the server is about to send (a stream's first part).
   */
  completer: {
    complete(exchange: Exchange, outcome: ExchangeOutcome): void;
    vetRefusal?(exchange: Exchange, outcome: PipelineOutcome, err: unknown): Promise<PipelineOutcome>;
  } | null;
  /**
   * Set only on a request an input guardrail held and a person approved, while GET /v1/approvals/{id}/result
   * runs it (src/stages/approval-result): the approval's id. The approval is the release, so the
   * require_approval policy that held it does not hold it again; every other check runs as usual.
   */
  readonly releasedBy?: string;
  /** Stage-private per-request state, keyed by a symbol the stage owns. */
  readonly state: Map<symbol, unknown>;
}

/** How an exchange ended, as the edge saw it: what the record stage tells onComplete hooks and records. */
export interface ExchangeOutcome {
  status: number;
  reason: ReasonCode;
  outcome: 'ok' | 'refused' | 'error' | 'interrupted' | 'client_closed' | 'in_progress';
}
