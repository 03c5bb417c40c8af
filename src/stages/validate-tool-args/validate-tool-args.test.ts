import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import { Pipeline } from '../../core/pipeline.js';
import { exchangeOf, recordingRouter } from '../../guardrails/guardrails.fixtures.js';
import { createValidateToolArgsStage, type ToolSchemaSource } from './index.js';

const REFUND = {
  type: 'object',
  properties: { order: { type: 'string' }, amount: { type: 'integer', minimum: 1 } },
  required: ['order', 'amount'],
  additionalProperties: false,
};

async function call(args: Record<string, unknown>, schemaOf: ToolSchemaSource, tool = 'refund') {
  let upstreamCalls = 0;
  const terminal = {
    name: 'mcp-upstream',
    answer() {
      upstreamCalls++;
      return { content: [] };
    },
  };
  const pipeline = new Pipeline([createValidateToolArgsStage(schemaOf)], recordingRouter(), { 'mcp.tools/call': terminal });
  const exchange = exchangeOf({ operation: 'mcp.tools/call', body: { server: 'shop', tool, arguments: args } });
  return { outcome: await pipeline.run(exchange), upstreamCalls: () => upstreamCalls, exchange };
}

const schemas: ToolSchemaSource = async (server, tool) => (server === 'shop' && tool === 'refund' ? REFUND : undefined);

describe('validate-tool-args stage', () => {
  it('lets arguments that match the schema through', async () => {
    const { outcome, upstreamCalls, exchange } = await call({ order: 'o-1', amount: 5 }, schemas);
    expect(outcome.kind).toBe('result');
    expect(upstreamCalls()).toBe(1);
    expect(exchange.trace.find((t) => t.stage === 'validate-tool-args')).toMatchObject({ verdict: 'continue', note: 'schema of shop/refund' });
  });

  it('refuses arguments that break it, naming the argument and the rule but never the value', async () => {
    const { outcome, upstreamCalls } = await call({ order: 'o-1', amount: 'five hundred dollars' }, schemas);
    expect(outcome).toMatchObject({ kind: 'refused', reason: 'invalid_request', status: 400, param: 'arguments/amount' });
    expect(JSON.stringify(outcome)).not.toContain('five hundred');
    expect(upstreamCalls()).toBe(0);
    expect((await call({ order: 'o-1', amount: 5, extra: true }, schemas)).outcome).toMatchObject({ kind: 'refused', reason: 'invalid_request' });
  });

  it('refuses a tool the upstream does not declare', async () => {
    const { outcome } = await call({}, schemas, 'drop_tables');
    expect(outcome).toMatchObject({ kind: 'refused', reason: 'invalid_request', param: 'name' });
  });

  it("passes on the upstream's failure as its reason, and refuses (closed) when the lookup throws anything else", async () => {
    const unreachable = await call({ order: 'o', amount: 1 }, async () => {
      throw new GatewayError('upstream_unreachable', "MCP server 'shop' could not be reached.");
    });
    expect(unreachable.outcome).toMatchObject({ kind: 'refused', reason: 'upstream_unreachable', status: 502 });
    const broken = await call({ order: 'o', amount: 1 }, async () => {
      throw new TypeError('bug');
    });
    expect(broken.outcome).toMatchObject({ kind: 'refused', reason: 'stage_failed' });
    expect(broken.upstreamCalls()).toBe(0);
  });

  it('refuses when the upstream declares a schema Ajv cannot compile', async () => {
    const { outcome, upstreamCalls } = await call({ order: 'o', amount: 1 }, async () => ({ type: 'object', properties: { a: { type: 'no-such-type' } } }));
    expect(outcome).toMatchObject({ kind: 'refused', reason: 'upstream_bad_response' });
    expect(upstreamCalls()).toBe(0);
  });
});

describe('validate-tool-args stage: patterns that could stall the gateway', () => {
  const withPattern =
    (pattern: string): ToolSchemaSource =>
    async () => ({
      type: 'object',
      properties: { q: { type: 'string', pattern } },
    });

  it.each(['^(\\w+\\s?)*$', '(x+x+)+y', '^([a-z]+)*@', `^${'a?'.repeat(30)}$`])(
    'refuses (closed) a call whose upstream schema carries %s, without running it on the arguments',
    async (pattern) => {
      const { outcome, upstreamCalls } = await call({ q: `${'word '.repeat(40)}!` }, withPattern(pattern));
      expect(outcome).toMatchObject({ kind: 'refused', reason: 'upstream_bad_response' });
      expect(JSON.stringify(outcome)).toContain('could backtrack catastrophically');
      expect(upstreamCalls()).toBe(0);
    },
  );

  it('still checks ordinary patterns', async () => {
    expect((await call({ q: 'abc' }, withPattern('^[a-z]+$'))).outcome.kind).toBe('result');
    expect((await call({ q: 'ABC1' }, withPattern('^[a-z]+$'))).outcome).toMatchObject({ kind: 'refused', reason: 'invalid_request', param: 'arguments/q' });
  });
});
