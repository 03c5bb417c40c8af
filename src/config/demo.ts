import { configSchema, type GatehouseConfig } from './schema.js';

/**
 * The configuration `npm start` runs with when there is no configuration file: everything works offline on
 * the built-in mock provider, and real providers join when their API key is in the environment. The keys stay
 * references (`env:OPENAI_API_KEY`), so the demo follows the same secrets rule as a written file.
 */

function demoPort(env: NodeJS.ProcessEnv): number {
  const raw = env.PORT;
  if (raw === undefined || raw === '') return 8080;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) throw new Error(`PORT must be a port number from 0 to 65535 (got ${JSON.stringify(raw.slice(0, 16))})`);
  return port;
}

/** Visibly fake, but shaped like a GitHub token so the secrets detector treats it as one. */
export const DEMO_LEAKED_TOKEN = 'ghp_Demo0Leak1Not2A3Real4Token5For6Docs78';

/** Mock models that misbehave on purpose, so the guardrails have something to catch in the demo. */
const DEMO_GUARDRAIL_MODELS: Record<string, unknown> = {
  'mock-leaky': {
    provider: 'mock',
    description: 'Answers with a (fake) GitHub token: the output guardrail cuts it from the stream',
    mock: { text: `Sure. Push with the deploy token ${DEMO_LEAKED_TOKEN} and tag the release afterwards.` },
  },
  'mock-bad-tool': {
    provider: 'mock',
    description: 'Calls get_weather with arguments that break its schema: the output guardrail refuses the call',
    mock: { toolCalls: [{ name: 'get_weather', arguments: { city: 42, units: 'kelvin' } }] },
  },
};

/**
 * An agent's high-stakes tool (docs/agents.md): the mock model proposes a refund of 250, over the 100 the
 * refund tool's rule lets through unheld, so the answer is held until an operator approves it with
 * `gatehouse approvals approve` (the demo's callers are all `anonymous`, and the CLI acts as `cli:<user>`).
 */
const DEMO_AGENT_MODELS: Record<string, unknown> = {
  'mock-refund': {
    provider: 'mock',
    description: "Proposes refund(order o-17, amount 250): held for a person's approval",
    mock: { toolCalls: [{ name: 'refund', arguments: { order: 'o-17', amount: 250 } }] },
  },
};

const DEMO_TOOLS: Record<string, unknown> = {
  refund: {
    description: 'Refund an order',
    risk: 'high',
    schema: {
      type: 'object',
      properties: { order: { type: 'string' }, amount: { type: 'integer', minimum: 1 } },
      required: ['order', 'amount'],
      additionalProperties: false,
    },
    approval: { when: { condition: 'context.args.amount > 100' }, approvers: { roles: ['approver', 'admin'] }, ttlSeconds: 900 },
  },
};

/**
 * Models that show the registry and resilient routing: two versions of chat-default (2026-10 serves; try
 * 2026-11 pinned, promote it and roll it back with `gatehouse models`), a model whose primary deployment is
 * down (the router fails over), and one with no healthy deployment at all (the safe-mode answer).
 */
const DEMO_ROUTING_MODELS: Record<string, unknown> = {
  'chat-default': {
    description: 'Two versions on the mock: 2026-10 serves; pin the newer one with chat-default@2026-11, promote or roll back with `gatehouse models`',
    defaultVersion: '2026-10',
    deployments: [
      {
        version: '2026-10',
        provider: 'mock',
        upstreamModel: 'demo-model-2026-10',
        region: 'local',
        residency: ['eu'],
        pricing: { inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6 },
        contextWindow: 128_000,
        mock: { text: 'Answered by chat-default version 2026-10.' },
        selection: { reason: 'Baseline', evaluation: 'demo: none (mock model)', approver: 'demo', date: '2026-10-01' },
      },
      {
        version: '2026-11',
        provider: 'mock',
        upstreamModel: 'demo-model-2026-11',
        region: 'local',
        residency: ['eu'],
        pricing: { inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6 },
        contextWindow: 128_000,
        mock: { text: 'Answered by chat-default version 2026-11.' },
        selection: { reason: 'Newer version', evaluation: 'demo: none (mock model)', approver: 'demo', date: '2026-11-01' },
      },
    ],
  },
  'mock-failover': {
    description: 'Its primary deployment always answers 503: the router retries, opens its circuit and serves from the secondary',
    routing: { balance: 'ordered', retry: { maxRetries: 0 } },
    deployments: [
      { version: '1', id: 'primary', provider: 'mock', upstreamModel: 'demo-primary', mock: { error: { status: 503, message: 'primary is down' } } },
      { version: '1', id: 'secondary', provider: 'mock', upstreamModel: 'demo-secondary', mock: { text: 'Served by the secondary deployment.' } },
    ],
  },
  'mock-down': {
    provider: 'mock',
    description: 'Never healthy: answered at once with its safe-mode text',
    routing: { retry: { maxRetries: 0 } },
    mock: { error: { status: 500, message: 'down' } },
    safeMode: { text: 'The assistant is unavailable right now; your request was not processed. Please try again later.' },
  },
};

/** Limits for the demo's anonymous callers: generous, but visible in the x-ratelimit-* headers. */
const DEMO_LIMITS = {
  profiles: {
    demo: { requestsPerMinute: 600, tokensPerMinute: 1_000_000, concurrentRequests: 64, budget: { daily: { softUsd: 1, hardUsd: 5 } } },
  },
  defaults: { anonymous: 'demo' },
};

/**
 * The demo's guardrail profile, applied to every anonymous caller: injections, hidden characters and secrets
 * are blocked on the way in; contact and payment details are tokenized for the provider and restored for the
 * caller; secrets and tool calls that break their schema are stopped on the way out; answers are made safe
 * to render (images, foreign links, HTML, terminal escapes) and exfiltration attempts are recorded.
 */
const DEMO_PROFILE = {
  input: {
    prompt_injection: { action: 'block' },
    unicode: { action: 'block', threshold: 0.8 },
    secrets: { action: 'block' },
    pii: { action: 'redact', options: { types: ['EMAIL_ADDRESS', 'PHONE_NUMBER', 'CREDIT_CARD', 'IBAN', 'US_SSN'] } },
  },
  output: {
    secrets: { action: 'block' },
    json_schema: { action: 'block' },
    canary: { action: 'block' },
    // Answers are rendered by chat UIs: no image loads from anywhere, links to other sites are shown as
    // text (an operator lists their own domains), HTML is cut to formatting tags, terminal escapes go.
    render: { action: 'redact', options: { images: { allowedDomains: [] }, links: { allowedDomains: [] } } },
    // Recorded (High in the SIEM); incident mode turns it into a block.
    exfiltration: { action: 'monitor' },
  },
  redaction: { mode: 'tokenize', restore: true },
  // A Markdown image with data in its URL is often longer than the default 64-character window: held whole.
  streaming: { holdBackChars: 256 },
};

const isSet = (value: string | undefined): boolean => value !== undefined && value !== '';

/**
 * The demo keeps prompts and answers (encrypted) so that `gatehouse replay` and `audit search --text` have
 * something to work on. Its master key is a demo-only file beside the demo database, named so that no written
 * configuration picks it up by default (their default is ./data/audit-content.key).
 */
export const DEMO_CONTENT_KEY_FILE = './data/demo-content.key';

/** The demo configuration for this environment (`PORT`, `OPENAI_API_KEY`, `ANTHROPIC_API_KEY`). */
export function demoConfig(env: NodeJS.ProcessEnv = process.env): GatehouseConfig {
  const openai = isSet(env.OPENAI_API_KEY);
  const anthropic = isSet(env.ANTHROPIC_API_KEY);
  const providers: Record<string, unknown> = { mock: { type: 'mock' } };
  if (openai) providers.openai = { type: 'openai', apiKey: 'env:OPENAI_API_KEY' };
  if (anthropic) providers.anthropic = { type: 'anthropic', apiKey: 'env:ANTHROPIC_API_KEY' };

  const models: Record<string, unknown> = {
    'mock-echo': { provider: 'mock', description: 'Echoes the last user message' },
    'mock-tools': {
      provider: 'mock',
      description: 'Always calls the get_weather tool',
      mock: { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] },
    },
    'mock-embed': { provider: 'mock', kind: 'embedding', description: 'Deterministic embeddings' },
    'gpt-4o-mini': openai ? { provider: 'openai' } : { provider: 'mock', description: 'Mock stand-in; set OPENAI_API_KEY for the real model' },
    'text-embedding-3-small': openai
      ? { provider: 'openai', kind: 'embedding' }
      : { provider: 'mock', kind: 'embedding', description: 'Mock stand-in; set OPENAI_API_KEY for the real model' },
  };
  if (anthropic) models['claude-sonnet-4-5'] = { provider: 'anthropic' };
  Object.assign(models, DEMO_GUARDRAIL_MODELS, DEMO_ROUTING_MODELS, DEMO_AGENT_MODELS);

  return configSchema.parse({
    server: { host: '127.0.0.1', port: demoPort(env) },
    storage: { driver: 'sqlite', sqlite: { path: './data/gatehouse.db' } },
    providers,
    models,
    guardrails: { profiles: { demo: DEMO_PROFILE }, defaults: { anonymous: 'demo' } },
    limits: DEMO_LIMITS,
    tools: DEMO_TOOLS,
    audit: { content: { mode: 'full', keyFile: DEMO_CONTENT_KEY_FILE } },
  });
}

/** One paragraph for the startup banner: what the demo serves, and which models are answered by the mock. */
export function describeDemo(config: GatehouseConfig, url?: string): string {
  const byProvider = new Map<string, string[]>();
  for (const [name, model] of Object.entries(config.models)) {
    const provider = model.provider ?? model.deployments?.[0]?.provider ?? 'unknown';
    byProvider.set(provider, [...(byProvider.get(provider) ?? []), name]);
  }
  const parts: string[] = [];
  for (const [id, names] of byProvider) {
    const type = config.providers[id]?.type;
    const who = type === 'mock' ? 'the built-in mock provider (deterministic, offline, not a real model)' : `${type} (provider "${id}")`;
    parts.push(`${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} answered by ${who}`);
  }
  const missing = [
    config.providers.openai ? undefined : 'set OPENAI_API_KEY to send gpt-4o-mini and text-embedding-3-small to OpenAI',
    config.providers.anthropic ? undefined : 'set ANTHROPIC_API_KEY to add claude-sonnet-4-5',
  ].filter((hint): hint is string => hint !== undefined);
  const { host, port } = config.server;
  return (
    `No configuration file found: running the built-in demo configuration on ${url ?? `http://${host}:${port}`} ` +
    `with storage in ${config.storage.sqlite.path}. ${parts.join('; ')}.` +
    (missing.length ? ` To use real models, ${missing.join(' and ')}, or write a gatehouse.yaml (see gatehouse.example.yaml).` : '') +
    ' The "demo" guardrail profile blocks prompt injections, hidden characters and secrets in requests, tokenizes contact and payment ' +
    'details for the provider and restores them in answers, and stops secrets, system-prompt canaries and tool calls that break their schema in answers; ' +
    'mock-leaky and mock-bad-tool misbehave on purpose to show it. ' +
    'chat-default has two versions (2026-10 serves; pin the newer one with chat-default@2026-11; promote or roll back with `gatehouse models`), ' +
    "mock-failover's primary deployment always fails so the router serves from its secondary, and mock-down answers with its safe-mode text; " +
    'anonymous callers get the "demo" limits (600 requests a minute, shown in the x-ratelimit-* headers). ' +
    `Prompts and answers are kept in the audit trail, encrypted under a demo-only key (${config.audit.content.keyFile}), so \`gatehouse replay <request id>\` works; ` +
    'a gatehouse.yaml keeps none unless its audit.content.mode says so.'
  );
}
