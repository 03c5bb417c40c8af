import type { LifecycleDeps } from './exchange-lifecycle.js';
import type { LimitBackend } from '../limits/backend.js';
import type { DeploymentHealth } from '../routing/health.js';
import { newRequestId } from '../core/ids.js';
import { createServer } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AuthConfig } from '../config/schema-identity.js';
import type { Authenticator } from '../identity/authenticator.js';
import type { IdentityRegistry } from '../identity/identity-storage.js';
import type { TokenService } from '../identity/token-service.js';
import type { Logger } from '../log/logger.js';
import { ADMIN_PREFIX, registerAdminRoutes } from './routes/admin/index.js';
import type { DisabledEndpoint } from './route-table.js';
import { registerGuardScanRoute } from './routes/guard-scan.js';
import { registerApprovalRoutes } from './routes/approvals.js';
import type { ApprovalDesk } from '../approvals/desk.js';
import { registerOAuthRoutes } from './routes/oauth.js';
import { registerOAuthMetadataRoutes } from './routes/oauth-metadata.js';
import {
  clientErrorHandler,
  connectionDroppedHandler,
  expectationFailedHandler,
  frameworkErrorHandler,
  registerErrorHandlers,
  requireHost,
} from './error-handlers.js';
import type { ExchangeSink } from './exchange-lifecycle.js';
import { registerJsonBodyParser } from './json-body.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerInferenceRoutes } from './routes/inference.js';
import { registerMessagesRoutes } from './routes/messages.js';
import { registerModelRoutes } from './routes/models.js';
import { registerResponsesRoutes } from './routes/responses.js';
import { registerMcpRoutes } from './routes/mcp.js';
import type { RuntimeHolder } from './runtime.js';
import type { ContentPolicy } from '../audit/content-policy.js';
import type { Store } from '../storage/store.js';
import type { ControlPlane } from '../control/control-plane.js';
import { buildRecordStage } from '../stages/index.js';
import { registerMetricsRoute, type Metrics } from '../telemetry/index.js';

export interface AppOptions {
  holder: RuntimeHolder;
  /** Workload identity: the token endpoint, JWKS and admin API are served when present. */
  identity?: { registry: IdentityRegistry; tokens: TokenService; authenticator: Authenticator; auth: AuthConfig };
  sink: ExchangeSink;
  logger: Logger;
  /** Resolves when the gateway can serve (store reachable); rejects otherwise. */
  isReady: () => Promise<void>;
  bodyLimitBytes: number;
  keepAliveTimeoutMs?: number;
  /** Longest a client may take to send one whole request (headers and body); then 408 request_timeout. */
  requestTimeoutMs?: number;
  /** Most client connections held open at once; more are closed as they arrive. */
  maxConnections?: number;
  logExchanges?: boolean;
  /** What is kept of prompts and answers (audit.content). */
  content?: ContentPolicy;
  /** The store: audit search in the admin API reads it. */
  store?: Store;
  /** Prometheus metrics, served at their configured path; `metrics` undefined: turned off (the path answers endpoint_not_enabled). */
  metrics?: { metrics: Metrics | undefined; path: string } | undefined;
  /** Operator controls: the admin API serves promotion, kill switches and incident mode when present. */
  controls?: ControlPlane;
  /** Deployment health, shown to operators next to the controls. */
  health?: DeploymentHealth;
  /** The limit counters, for the operators' budget view. */
  limitBackend?: LimitBackend;
  /** Held tool calls: the admin API serves /admin/v1/approvals when present. */
  approvals?: ApprovalDesk;
}

/**
 * The HTTP edge: routes, the JSON body parser and the error mapping. It knows no feature; every
 * decision is made by the pipeline of the current runtime.
 */
export function buildApp(options: AppOptions): FastifyInstance {
  const deps = { sink: options.sink, logger: options.logger, logExchanges: options.logExchanges ?? true, content: options.content };
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimitBytes,
    // Never trust a client-supplied request id: ours is the one in records and logs.
    requestIdHeader: false,
    genReqId: newRequestId,
    return503OnClosing: true,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 72_000,
    clientErrorHandler: clientErrorHandler(deps),
    // Errors Fastify raises before routing (a malformed percent-escape in the URL) get our shape too.
    frameworkErrors: frameworkErrorHandler(deps),
    serverFactory: httpServerFactory(options, deps),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 256 },
  });
  registerJsonBodyParser(app);
  registerErrorHandlers(app, deps, disabledEndpoints(options));
  registerHealthRoutes(app, options.isReady);
  if (options.metrics?.metrics) registerMetricsRoute(app, options.metrics.metrics, { path: options.metrics.path });
  // Every /v1 route runs the current runtime's pipeline, closed by the one record stage of this process.
  const v1 = { holder: options.holder, record: buildRecordStage(deps), logger: deps.logger };
  registerModelRoutes(app, v1);
  registerInferenceRoutes(app, v1);
  registerMessagesRoutes(app, v1);
  registerResponsesRoutes(app, v1);
  registerGuardScanRoute(app, v1);
  registerApprovalRoutes(app, v1);
  registerMcpRoutes(app, { ...v1, sink: deps.sink, logExchanges: deps.logExchanges });
  if (options.identity) registerIdentityEdge(app, options, options.identity, deps);
  return app;
}

/** Node's HTTP server with our limits: header/body timeouts, a connection cap, and requests without Host answered in our shape. */
function httpServerFactory(options: AppOptions, deps: LifecycleDeps) {
  return (handler: Parameters<typeof requireHost>[0]) => {
    const requestTimeout = options.requestTimeoutMs ?? 30_000;
    // HTTP/1.1 without Host is still a request we answer in our shape rather than Node's bare 400.
    const server = createServer(
      {
        requireHostHeader: false,
        // A client trickling its headers or body would otherwise hold a connection for Node's 300 s.
        requestTimeout,
        headersTimeout: Math.min(requestTimeout, 60_000),
        // Node checks the two timeouts on this interval (30 s by default), so a short timeout needs a shorter check.
        connectionsCheckingInterval: Math.min(5_000, Math.max(25, Math.floor(requestTimeout / 4))),
      },
      requireHost(handler, deps),
    );
    server.maxConnections = options.maxConnections ?? 10_000;
    server.on('drop', connectionDroppedHandler(deps.logger, server.maxConnections));
    server.on('checkExpectation', expectationFailedHandler(deps));
    return server;
  };
}

/** The token endpoint and the admin API, present when identity is configured. */
function registerIdentityEdge(app: FastifyInstance, options: AppOptions, identity: NonNullable<AppOptions['identity']>, deps: LifecycleDeps): void {
  registerOAuthRoutes(app, { ...deps, tokens: identity.tokens, registry: identity.registry, auth: identity.auth });
  registerOAuthMetadataRoutes(app, { holder: options.holder });
  registerAdminRoutes(app, {
    ...deps,
    registry: identity.registry,
    tokens: identity.tokens,
    authenticator: identity.authenticator,
    authorizer: () => options.holder.current.authorizer as NonNullable<typeof options.holder.current.authorizer>,
    audit: options.store && { store: options.store, contentReaders: () => options.holder.current.config.audit.content.readers },
    approvals: options.approvals,
    controls: options.controls && {
      plane: options.controls,
      models: () => options.holder.current.models,
      providers: () => new Set(options.holder.current.providers.keys()),
      mcpServers: () => new Set(Object.keys(options.holder.current.config.mcp.servers)),
      tools: () => new Set(Object.keys(options.holder.current.config.tools)),
      health: options.health,
      limits: options.limitBackend && { backend: options.limitBackend, config: () => options.holder.current.config.limits },
    },
  });
}

/** What this configuration leaves off: such a path answers 404 endpoint_not_enabled saying what turns it on. */
function disabledEndpoints(options: AppOptions): DisabledEndpoint[] {
  const disabled: DisabledEndpoint[] = [];
  if (!options.identity) {
    const identityPaths = new Set(['/oauth/token', '/.well-known/jwks.json', ADMIN_PREFIX]);
    disabled.push({
      matches: (path) => identityPaths.has(path) || path.startsWith(`${ADMIN_PREFIX}/`),
      why: 'workload identity is off (the configuration has no `auth` section), so there is no token endpoint, key set or admin API. See docs/identity.md.',
    });
  }
  const metricsPath = options.metrics?.path;
  if (metricsPath !== undefined && !options.metrics?.metrics) {
    const target = metricsPath.length > 1 ? metricsPath.replace(/\/$/, '') : metricsPath;
    disabled.push({ matches: (path) => path === target, why: 'metrics are off (telemetry.metrics.enabled is false).' });
  }
  return disabled;
}
