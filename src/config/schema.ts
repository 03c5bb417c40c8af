import { mcpSections } from './schema-mcp.js';
import { z } from 'zod';
import { KNOWN_RESULT_FIELDS } from '../core/chat-types.js';
import { identitySections } from './schema-identity.js';
import { toolSections } from './schema-tools.js';
import { guardrailsSections } from './schema-guardrails.js';
import { auditSections } from './schema-audit.js';
import { telemetrySections } from './schema-telemetry.js';
import { siemSections } from './schema-siem.js';
import { deploymentId, modelsSections, type MockBehaviour, type ModelConfig } from './schema-models.js';
import { limitsSections } from './schema-limits.js';

/**
 * The schema of `gatehouse.yaml`: the single source for validation, defaults, the published JSON Schema
 * (`schema/gatehouse.schema.json`, written by `npm run schema`) and `gatehouse check`.
 * Secrets are references (`env:NAME`, `file:PATH`), never values.
 */

export const secretRef = z
  .string()
  .regex(/^(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)$/, 'must be a secret reference such as env:OPENAI_API_KEY or file:/run/secrets/key, never the secret itself')
  .describe('Secret reference: env:NAME or file:PATH');

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const identifier = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:\-/]*$/, 'letters, digits and . _ : - / only');
const positiveMs = z.number().int().positive();

const upstreamTimeouts = {
  timeoutMs: positiveMs.default(60_000).describe('Time to receive response headers (non-streaming: the whole body) from the provider, in ms'),
  connectTimeoutMs: positiveMs.default(10_000).describe('TCP/TLS connect timeout, in ms'),
  streamIdleTimeoutMs: positiveMs.default(60_000).describe('Longest silence between two streamed chunks before the stream is declared dead, in ms'),
};

function passthroughLevel(level: keyof typeof KNOWN_RESULT_FIELDS) {
  const known: readonly string[] = KNOWN_RESULT_FIELDS[level];
  return z
    .array(
      z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'a field name: letters, digits and _ only')
        .refine((name) => name !== '__proto__', 'not a field name')
        .refine((name) => !known.includes(name), { error: (issue) => `"${String(issue.input)}" is a field the gateway already knows and scans` }),
    )
    .max(32)
    .optional();
}

const passthroughFields = z
  .strictObject({
    top: passthroughLevel('top').describe('Top-level fields of a chat completion, e.g. prompt_filter_results'),
    choice: passthroughLevel('choice').describe('Fields of each choice, e.g. content_filter_results'),
    message: passthroughLevel('message').describe("Fields of each choice's message"),
  })
  .optional()
  .describe(
    'Fields of non-streamed answers that reach the client beyond the ones Gatehouse knows; every string inside them is scanned by the output guardrails. Everything else is dropped.',
  );

const openaiProvider = z.strictObject({
  type: z.literal('openai'),
  baseUrl: httpUrl.default('https://api.openai.com/v1').describe('Any OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1 for Ollama'),
  apiKey: secretRef.optional().describe('Omit for local servers that need no key'),
  organization: z.string().optional().describe('Sent as the OpenAI-Organization header'),
  passthroughFields,
  ...upstreamTimeouts,
});

const azureOpenaiProvider = z.strictObject({
  type: z.literal('azure-openai'),
  endpoint: httpUrl.describe('https://<resource>.openai.azure.com'),
  apiVersion: z.string().default('2024-10-21').describe('Azure OpenAI api-version query parameter'),
  apiKey: secretRef,
  passthroughFields,
  ...upstreamTimeouts,
});

const anthropicProvider = z.strictObject({
  type: z.literal('anthropic'),
  baseUrl: httpUrl.default('https://api.anthropic.com'),
  apiKey: secretRef,
  version: z.string().default('2023-06-01').describe('Sent as the anthropic-version header'),
  defaultMaxTokens: z.number().int().positive().default(4096).describe('Anthropic requires max_tokens; used when the client sends none'),
  ...upstreamTimeouts,
});

const mockProvider = z.strictObject({
  type: z.literal('mock'),
  latencyMs: z.number().int().min(0).default(0).describe('Delay before the first byte, in ms'),
  chunkDelayMs: z.number().int().min(0).default(0).describe('Delay between streamed chunks, in ms'),
  chunkSize: z.number().int().positive().default(8).describe('Characters per streamed text chunk'),
  directives: z.boolean().default(true).describe('Honour `#mock {json}` directives in the last user message (scripting for demos and tests)'),
  embeddingDimensions: z.number().int().positive().max(4096).default(16).describe('Length of the deterministic embedding vectors'),
});

export const providerSchema = z.discriminatedUnion('type', [openaiProvider, azureOpenaiProvider, anthropicProvider, mockProvider]);

const serverSchema = z.strictObject({
  host: z.string().default('127.0.0.1').describe('Listen address; 0.0.0.0 to accept connections from other hosts'),
  port: z.number().int().min(0).max(65535).default(8080).describe('Listen port; 0 picks a free port'),
  bodyLimitBytes: z
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(4 * 1024 * 1024)
    .describe('Largest accepted request body, in bytes'),
  keepAliveTimeoutMs: positiveMs.default(72_000).describe("Node's keep-alive timeout for client connections, in ms"),
  requestTimeoutMs: z
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(30_000)
    .describe(
      'Longest a client may take to send one whole request (headers and body), in ms; past it the request is answered 408 request_timeout and the connection closed',
    ),
  maxConnections: z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(10_000)
    .describe('Most client connections held open at once; connections past it are closed as they arrive'),
  shutdownGraceMs: positiveMs.default(10_000).describe('Time allowed for draining in-flight requests on shutdown, in ms'),
  workers: z
    .union([z.literal('auto'), z.number().int().min(1).max(256)])
    .default('auto')
    .describe(
      'Processes serving requests on the one port: auto for one per core, 1 for a single process (no cluster). `serve --workers` and GATEHOUSE_WORKERS override it',
    ),
});

const postgresUrl = z.union([secretRef, z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL or a secret reference')]);

const storageSchema = z
  .strictObject({
    driver: z.enum(['sqlite', 'postgres']).default('sqlite').describe('sqlite: embedded, one host (its workers share the file); postgres: shared by replicas'),
    sqlite: z
      .strictObject({
        path: z
          .string()
          .min(1)
          .default('./data/gatehouse.db')
          .describe("Database file (or :memory:); a relative path is relative to the configuration file's folder"),
        writerThread: z
          .union([z.boolean(), z.literal('auto')])
          .optional()
          .describe(
            'Default auto. Seal and commit exchange records in a worker thread with its own connection, off the event loop (files only). auto: only when this process has a core to spare for it',
          ),
      })
      .prefault({}),
    postgres: z
      .strictObject({
        url: postgresUrl.describe('Secret reference to the connection URL, or a postgres:// URL without a password'),
        poolSize: z.number().int().positive().max(200).default(10).describe('Connections per process'),
      })
      .optional()
      .describe('Required when driver is postgres'),
    batchSize: z.number().int().positive().max(10_000).default(256).describe('Records are written in batches: at most this many per transaction'),
    flushIntervalMs: z.number().int().positive().max(10_000).default(20).describe('Longest a record waits in memory before its batch is flushed, in ms'),
  })
  .superRefine((s, ctx) => {
    if (s.driver === 'postgres' && !s.postgres)
      ctx.addIssue({ code: 'custom', path: ['postgres'], message: 'storage.postgres.url is required when driver is postgres' });
    const url = s.postgres?.url;
    if (url && (/^postgres(ql)?:\/\/[^/@]*:[^/@]+@/.test(url) || /[?&]password=/i.test(url))) {
      ctx.addIssue({
        code: 'custom',
        path: ['postgres', 'url'],
        message: 'the URL contains a password: put the whole URL in a secret reference (env:DATABASE_URL)',
      });
    }
  });

const controlsSchema = z.strictObject({
  refreshMs: z
    .number()
    .int()
    .min(100)
    .max(60_000)
    .default(1_000)
    .describe(
      'How often a replica reads kill switches, incident mode and promotions made elsewhere (CLI, other replicas), in ms; the replica that makes a change applies it on its next request',
    ),
});

const loggingSchema = z.strictObject({
  level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('Minimum level written to the log'),
  exchanges: z.boolean().default(true).describe('One log line per exchange (ids, status, reason, latency; never content)'),
});

const configBase = z.strictObject({
  version: z.literal(1).default(1).describe('Configuration format version'),
  server: serverSchema.prefault({}).describe('HTTP listener; changes need a restart'),
  logging: loggingSchema.prefault({}).describe('Log output; changes need a restart'),
  storage: storageSchema.prefault({}).describe('Where records are kept; changes need a restart'),
  providers: z.record(identifier, providerSchema).default({}).describe('Upstream providers by id; models refer to these ids'),
  ...modelsSections,
  ...limitsSections,
  controls: controlsSchema.prefault({}).describe('Kill switches, incident mode and model promotions: runtime state kept in the store'),
  ...identitySections,
  ...toolSections,
  ...guardrailsSections,
  ...auditSections,
  ...telemetrySections,
  ...siemSections,
  ...mcpSections,
});

export const configSchema = configBase.superRefine((c, ctx) => {
  for (const [id, identity] of Object.entries(c.identities)) {
    for (const [list, known] of [
      ['models', c.models],
      ['tools', c.tools],
      ['datasets', c.datasets],
    ] as const) {
      identity[list].forEach((name, i) => {
        if (name !== '*' && !(name in known))
          ctx.addIssue({ code: 'custom', path: ['identities', id, list, i], message: `unknown ${list.slice(0, -1)} "${name}"` });
      });
    }
  }
  if (Object.keys(c.identities).length > 0 && !c.auth) {
    ctx.addIssue({ code: 'custom', path: ['identities'], message: 'identities need an `auth` section (at least auth.secretPepper)' });
  }
  for (const [name, model] of Object.entries(c.models)) checkModel(c, name, model, ctx);
  for (const [id, identity] of Object.entries(c.identities)) {
    if (identity.limitsProfile !== undefined && !(identity.limitsProfile in c.limits.profiles)) {
      ctx.addIssue({ code: 'custom', path: ['identities', id, 'limitsProfile'], message: `unknown limits profile "${identity.limitsProfile}"` });
    }
  }
  for (const [server, config] of Object.entries(c.mcp.servers)) {
    for (const dataset of Object.keys(config.resources))
      if (!(dataset in c.datasets))
        ctx.addIssue({ code: 'custom', path: ['mcp', 'servers', server, 'resources', dataset], message: `unknown dataset "${dataset}"` });
  }
  for (const name of Object.keys(c.limits.models)) {
    if (name !== '*' && !(name in c.models)) ctx.addIssue({ code: 'custom', path: ['limits', 'models', name], message: `unknown model "${name}"` });
  }
});

/** Providers, kinds, mock scripts and fallbacks of one model; each deployment is checked at its own path. */
function checkModel(c: z.infer<typeof configBase>, name: string, model: ModelConfig, ctx: z.RefinementCtx): void {
  if (name.includes('@'))
    ctx.addIssue({ code: 'custom', path: ['models', name], message: 'a model name must not contain @ (clients pin a version as model@version)' });
  const deployments = model.deployments ?? [{ ...model, provider: model.provider as string, version: model.version ?? '1' }];
  deployments.forEach((d, i) => {
    const at = model.deployments ? ['models', name, 'deployments', i] : ['models', name];
    const provider = c.providers[d.provider];
    if (!provider) {
      ctx.addIssue({
        code: 'custom',
        path: [...at, 'provider'],
        message: `unknown provider "${d.provider}" (defined: ${Object.keys(c.providers).join(', ') || 'none'})`,
      });
      return;
    }
    if (model.kind === 'embedding' && provider.type === 'anthropic')
      ctx.addIssue({ code: 'custom', path: [...at, 'provider'], message: 'anthropic has no embeddings API' });
    if (d.mock && provider.type !== 'mock') ctx.addIssue({ code: 'custom', path: [...at, 'mock'], message: 'mock behaviour is only valid on a mock provider' });
  });
  const ids = new Set<string>();
  model.deployments?.forEach((d, i) => {
    const id = deploymentId(d, name);
    if (ids.has(id)) ctx.addIssue({ code: 'custom', path: ['models', name, 'deployments', i, 'id'], message: `duplicate deployment id "${id}"` });
    ids.add(id);
  });
  model.fallbacks.forEach((fallback, i) => {
    const target = c.models[fallback];
    if (!target) ctx.addIssue({ code: 'custom', path: ['models', name, 'fallbacks', i], message: `unknown model "${fallback}"` });
    else if (fallback === name) ctx.addIssue({ code: 'custom', path: ['models', name, 'fallbacks', i], message: 'a model cannot fall back to itself' });
    else if (target.kind !== model.kind)
      ctx.addIssue({
        code: 'custom',
        path: ['models', name, 'fallbacks', i],
        message: `"${fallback}" is a ${target.kind} model, "${name}" a ${model.kind} model`,
      });
  });
}

export type GatehouseConfig = z.infer<typeof configSchema>;
export type ProviderConfig = z.infer<typeof providerSchema>;
export type { ModelConfig, MockBehaviour };
export type ProviderConfigOf<T extends ProviderConfig['type']> = Extract<ProviderConfig, { type: T }>;
