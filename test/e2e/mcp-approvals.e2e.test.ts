import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerAuditCommands } from '../../src/cli/commands/audit.js';
import { runCli } from '../../src/cli/run-cli.fixtures.js';
import type { IdentityServices } from '../../src/gateway.js';
import { startFakeMcpServer, type FakeMcpServer } from '../../src/mcp/fake-mcp-server.fixtures.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * An MCP `tools/call` held for a person (issue 16): the official MCP SDK client against the gateway, in
 * front of an SDK-built tool server on loopback that counts what it executes. The refund tool's rule holds
 * amounts over 100; a held call is approved by someone else through the admin API, and the agent sends
 * the same call again, which the gateway then executes once.
 */
const PEPPER = 'test-pepper-0123456789abcdef0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-mcp-approvals-'));
const configFile = join(dir, 'gatehouse.yaml');
const who = (name: string, extra: Record<string, unknown> = {}) => ({ owner: `${name}@example.com`, environment: 'pilot', ...extra });
let upstream: FakeMcpServer;
let gw: TestGateway;
let config: Record<string, unknown>;
const tokens = new Map<string, string>();

async function start(): Promise<void> {
  gw = await startTestGateway(config, { env: { PEPPER } });
  const identity = gw.identity as IdentityServices;
  for (const id of ['refund-bot', 'other-bot', 'bob', 'alice-approver'])
    tokens.set(id, (await identity.tokens.mintAccessToken(identity.registry.get(id)!)).access_token);
}

beforeAll(async () => {
  upstream = await startFakeMcpServer();
  config = {
    storage: { sqlite: { path: join(dir, 'gatehouse.db') } },
    audit: { keyFile: join(dir, 'audit.key'), content: { keyFile: join(dir, 'content.key') } },
    auth: { secretPepper: 'env:PEPPER', tokenTtlSeconds: 600 },
    mcp: {
      servers: {
        shop: { transport: 'http', url: upstream.url },
        // The same tool server again, behind a gateway that waits up to 20 s for a quick decision.
        desk: { transport: 'http', url: upstream.url, approvalWaitMs: 20_000 },
      },
    },
    tools: {
      'shop/echo': {},
      // Held every time, for the shortest TTL a rule may have: the expiry test waits it out.
      'shop/whoami': { risk: 'low', approval: { when: 'always', approvers: { roles: ['approver'] }, ttlSeconds: 10 } },
      'desk/refund': {
        risk: 'high',
        approval: { when: { condition: 'context.args.amount > 100' }, approvers: { roles: ['approver'] }, ttlSeconds: 600 },
      },
      'shop/refund': {
        risk: 'high',
        approval: { when: { condition: 'context.args.amount > 100' }, approvers: { roles: ['approver'] }, ttlSeconds: 600 },
      },
    },
    identities: {
      'refund-bot': who('alice', { tools: ['shop/echo', 'shop/refund', 'shop/whoami', 'desk/refund'] }),
      'other-bot': who('carol', { tools: ['shop/refund'] }),
      bob: who('bob', { roles: ['approver'] }),
      'alice-approver': who('alice', { roles: ['approver'] }),
    },
  };
  writeFileSync(configFile, JSON.stringify(config));
  await start();
});
afterAll(async () => {
  await gw?.close();
  await upstream?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  vi.stubEnv('GATEHOUSE_CONFIG', '');
  return () => vi.unstubAllEnvs();
});

async function connect(id: string, server = 'shop'): Promise<Client> {
  const client = new Client({ name: `agent-${id}`, version: '1.0.0' });
  const headers = { authorization: `Bearer ${tokens.get(id)}` };
  await client.connect(new StreamableHTTPClientTransport(new URL(`${gw.url}/mcp/${server}`), { requestInit: { headers } }));
  return client;
}

async function refund(client: Client, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name: 'refund', arguments: args })) as CallToolResult;
}

/** The approval a held call names in `_meta["gatehouse/approval"]`; undefined for a call that ran. */
const heldId = (result: CallToolResult): string | undefined => (result._meta?.['gatehouse/approval'] as { id: string } | undefined)?.id;
const executed = (args: Record<string, unknown>) => upstream.calls.filter((c) => c.name === 'refund' && JSON.stringify(c.args) === JSON.stringify(args)).length;

async function approve(approver: string, id: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${gw.url}/admin/v1/approvals/${id}/approve`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.get(approver)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ reason: 'checked the order' }),
  });
  return { status: res.status, body: await res.json() };
}

describe('MCP tools/call held for approval', () => {
  it('a call under the rule passes; one over it is held, named again while pending, approved by someone else, then executed once', async () => {
    const client = await connect('refund-bot');
    const small = await refund(client, { order: 'o-1', amount: 20 });
    expect([small.isError ?? false, heldId(small)]).toEqual([false, undefined]);

    const big = { order: 'o-2', amount: 500 };
    const held = await refund(client, big);
    const id = heldId(held);
    expect(held.isError).toBe(true);
    expect(id).toMatch(/^apr_[0-9a-f]{32}$/);
    // Sent again while pending: the same approval, not a second one, and still nothing executed.
    expect(heldId(await refund(client, big))).toBe(id);
    expect(executed(big)).toBe(0);

    // The requester's owner, through her own approver identity, may not approve it.
    expect((await approve('alice-approver', id as string)).body.error.code).toBe('approval_self');
    expect((await approve('bob', id as string)).body).toMatchObject({ id, state: 'approved', decidedBy: 'bob' });

    const ran = await refund(client, big);
    expect([ran.isError ?? false, heldId(ran)]).toEqual([false, undefined]);
    expect(ran.content).toEqual([{ type: 'text', text: 'refunded 500 on o-2' }]);
    expect(executed(big)).toBe(1);

    // Used: the same call again is a new hold, never a second execution on the old approval.
    const again = await refund(client, big);
    expect(heldId(again)).toMatch(/^apr_/);
    expect(heldId(again)).not.toBe(id);
    expect(executed(big)).toBe(1);
    await client.close();
  });

  it('an approval never covers other arguments or another identity', async () => {
    const client = await connect('refund-bot');
    const approved = { order: 'o-3', amount: 300 };
    const id = heldId(await refund(client, approved)) as string;
    expect((await approve('bob', id)).status).toBe(200);

    // Other arguments: a different digest, so a new hold of its own.
    const changed = await refund(client, { order: 'o-3', amount: 3000 });
    expect(heldId(changed)).toMatch(/^apr_/);
    expect(heldId(changed)).not.toBe(id);
    expect(executed({ order: 'o-3', amount: 3000 })).toBe(0);

    // Another identity sending the very same call gets its own hold, not the refund bot's approval.
    const other = await connect('other-bot');
    const theirs = await refund(other, approved);
    expect(heldId(theirs)).not.toBe(id);
    expect(executed(approved)).toBe(0);

    // The approved call still runs once for the identity it was granted to.
    expect((await refund(client, approved)).isError ?? false).toBe(false);
    expect(executed(approved)).toBe(1);
    await Promise.all([client.close(), other.close()]);
  });

  it('with approvalWaitMs, a call approved while it waits runs in the same request; one denied meanwhile is refused', async () => {
    const client = await connect('refund-bot', 'desk');
    const pendingOf = async (order: string): Promise<string | undefined> => {
      const res = await fetch(`${gw.url}/admin/v1/approvals?state=pending`, { headers: { authorization: `Bearer ${tokens.get('bob')}` } });
      const listed = (await res.json()) as { data: Array<{ id: string; call: string }> };
      return listed.data.find((a) => a.call.includes(order))?.id;
    };
    const waitFor = async (order: string): Promise<string> => {
      for (let i = 0; i < 200; i++) {
        const id = await pendingOf(order);
        if (id) return id;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`no pending approval for ${order}`);
    };

    const call = refund(client, { order: 'o-5', amount: 700 });
    expect((await approve('bob', await waitFor('o-5'))).status).toBe(200);
    const ran = await call;
    expect([ran.isError ?? false, heldId(ran)]).toEqual([false, undefined]);
    expect(ran.content).toEqual([{ type: 'text', text: 'refunded 700 on o-5' }]);
    expect(executed({ order: 'o-5', amount: 700 })).toBe(1);

    const denied = refund(client, { order: 'o-6', amount: 800 });
    const id = await waitFor('o-6');
    const deny = await fetch(`${gw.url}/admin/v1/approvals/${id}/deny`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.get('bob')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'not this one' }),
    });
    expect(deny.status).toBe(200);
    await expect(denied).rejects.toThrow(/not approved/);
    expect(executed({ order: 'o-6', amount: 800 })).toBe(0);
    await client.close();
  });

  it('past its TTL an approval is expired: approving it is refused, and the call sent again is a new hold, never run', async () => {
    const client = await connect('refund-bot');
    const whoami = async () => (await client.callTool({ name: 'whoami', arguments: {} })) as CallToolResult;
    const id = heldId(await whoami()) as string;
    expect(id).toMatch(/^apr_/);
    await new Promise((r) => setTimeout(r, 10_500));
    const late = await approve('bob', id);
    expect([late.status, late.body.error?.code]).toEqual([409, 'approval_expired']);
    const again = await whoami();
    expect(heldId(again)).toMatch(/^apr_/);
    expect(heldId(again)).not.toBe(id);
    expect(upstream.calls.filter((c) => c.name === 'whoami')).toHaveLength(0);
    await client.close();
  }, 30_000);

  it('a held call survives a gateway restart, and every transition is in the chain audit verify checks', async () => {
    let client = await connect('refund-bot');
    const call = { order: 'o-4', amount: 400 };
    const id = heldId(await refund(client, call)) as string;
    await client.close();
    await gw.close();
    await start();
    expect((await approve('bob', id)).body.state).toBe('approved');
    client = await connect('refund-bot');
    expect((await refund(client, call)).content).toEqual([{ type: 'text', text: 'refunded 400 on o-4' }]);
    await client.close();
    await gw.recorder.flush();
    const transitions = await gw.store.listExchanges({ operation: 'approval', limit: 200 });
    expect(
      transitions
        .filter((r) => r.path === `/approvals/${id}`)
        .map((r) => r.method)
        .sort(),
    ).toEqual(['APPROVE', 'CREATE', 'USE']);
    const verify = await runCli([registerAuditCommands], ['audit', 'verify', '-c', configFile]);
    expect(verify.code, verify.stderr + verify.stdout).toBe(0);
  });
});
