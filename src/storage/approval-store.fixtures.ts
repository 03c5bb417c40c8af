import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ApprovalDesk, type HoldRequest } from '../approvals/desk.js';
import { cipherSealer } from '../approvals/sealer.js';
import type { Approver } from '../approvals/rules.js';
import { ContentCipher } from '../audit/content-cipher.js';
import { verifyStore } from '../audit/verify-store.js';
import type { GatewayError } from '../core/errors.js';
import type { Store } from './store.js';

const T0 = 1_760_000_000_000;

const call = { name: 'refund', arguments: { amount: 250, order: 'o-17' } };

/** A held refund call of `refund-bot` (owned by alice), needing `quorum` approvals from role approver. */
export function refundHold(quorum = 1): HoldRequest {
  return {
    kind: 'chat.answer',
    bound: [call],
    summary: JSON.stringify(call),
    content: '{"id":"chatcmpl-1","choices":[{"message":{"tool_calls":[]}}]}',
    requester: { identityId: 'refund-bot', endUser: 'customer-9', owner: 'alice@example.com', conversationId: 'conv-1' },
    exchangeId: 'ex-1',
    rule: {
      subject: 'refund',
      risk: 'high',
      when: 'always',
      approvers: { roles: ['approver'], identities: [], teams: [] },
      quorum,
      ttlSeconds: 900,
      separationOfDuties: true,
    },
  };
}

export const bob: Approver = { id: 'bob', roles: ['approver'], team: 'finance', owner: 'bob@example.com' };
export const carol: Approver = { id: 'carol', roles: ['approver'], team: 'finance', owner: 'carol@example.com' };

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return (err as GatewayError).reason;
  }
  return 'ok';
}

/**
 * The approvals contract, run against every store: atomic transitions under concurrency, the binding,
 * expiry, and every transition sealed into the chain (`audit verify` passes over it). `makeStore` returns
 * a fresh, unmigrated store.
 */
export function runApprovalContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`Approvals contract: ${name}`, () => {
    let store: Store;
    let now: number;
    let desk: ApprovalDesk;

    beforeEach(async () => {
      store = await makeStore();
      await store.migrate();
      now = T0;
      desk = new ApprovalDesk(store.approvals, { sealer: cipherSealer(new ContentCipher(randomBytes(32))), now: () => now });
    });
    afterEach(async () => {
      await store.close();
    });

    test('a hold is stored pending, sealed, listed, and its creation is in the chain', async () => {
      const held = await desk.hold(refundHold());
      expect(held).toMatchObject({ state: 'pending', kind: 'chat.answer', version: 0, expiresAt: T0 + 900_000, approvals: [] });
      expect(held.id).toMatch(/^apr_[0-9a-f]{32}$/);
      const sealed = await store.approvals.content(held.id);
      expect(sealed?.sealed).not.toContain('chatcmpl');
      expect((await desk.list({ state: 'pending' })).map((a) => a.id)).toEqual([held.id]);
      expect(await desk.list({ state: 'approved' })).toEqual([]);
      const records = await store.listExchanges({ operation: 'approval' });
      expect(records.map((r) => r.trace[0]?.note?.split(' ').slice(0, 3))).toEqual([[`approval.create`, held.id, 'state=pending']]);
    });

    test('two approvers at once: exactly one makes a quorum of one, the other is told it is decided', async () => {
      const held = await desk.hold(refundHold(1));
      const outcomes = await Promise.all([reasonOf(desk.decide(held.id, bob, 'approve', 'ok')), reasonOf(desk.decide(held.id, carol, 'approve', 'ok'))]);
      expect(outcomes.sort()).toEqual(['approval_decided', 'ok']);
      expect((await desk.get(held.id))?.state).toBe('approved');
    });

    test('a quorum of two needs two distinct approvers, even when they vote at once', async () => {
      const held = await desk.hold(refundHold(2));
      expect((await desk.decide(held.id, bob, 'approve', 'first')).state).toBe('pending');
      expect(await reasonOf(desk.decide(held.id, bob, 'approve', 'again'))).toBe('approval_decided');
      const second = await desk.decide(held.id, carol, 'approve', 'second');
      expect(second.state).toBe('approved');
      expect(second.approvals.map((v) => v.approver)).toEqual(['bob', 'carol']);
    });

    test('two redeemers at once: exactly one gets the content, once', async () => {
      const hold = refundHold();
      const held = await desk.hold(hold);
      await desk.decide(held.id, bob, 'approve', 'ok');
      const claim = { identityId: 'refund-bot', bound: [call] };
      const outcomes = await Promise.allSettled([desk.redeem(held.id, claim), desk.redeem(held.id, claim), desk.redeem(held.id, claim)]);
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      expect(won).toHaveLength(1);
      expect((won[0] as PromiseFulfilledResult<{ content: string }>).value.content).toBe(hold.content);
      expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o.reason as GatewayError).reason)).toEqual(['approval_used', 'approval_used']);
      expect(await reasonOf(desk.redeem(held.id, claim))).toBe('approval_used');
    });

    test('the binding: other arguments, another identity, before approval, after denial are all refused', async () => {
      const held = await desk.hold(refundHold());
      expect(await reasonOf(desk.redeem(held.id, { identityId: 'refund-bot' }))).toBe('approval_pending');
      await desk.decide(held.id, bob, 'approve', 'ok');
      expect(await reasonOf(desk.redeem(held.id, { identityId: 'refund-bot', bound: [{ ...call, arguments: { amount: 9999, order: 'o-17' } }] }))).toBe(
        'approval_mismatch',
      );
      expect(await reasonOf(desk.redeem(held.id, { identityId: 'other-bot' }))).toBe('approval_not_found');
      expect((await desk.get(held.id))?.state).toBe('approved');
      const denied = await desk.hold(refundHold());
      await desk.decide(denied.id, carol, 'deny', 'too much');
      expect(await reasonOf(desk.redeem(denied.id, { identityId: 'refund-bot' }))).toBe('approval_denied');
      expect(await reasonOf(desk.decide(denied.id, bob, 'approve', 'late'))).toBe('approval_decided');
    });

    test('separation of duties: the requester, its end user and its owner cannot approve', async () => {
      const held = await desk.hold(refundHold());
      for (const self of [
        { id: 'refund-bot', roles: ['approver'], team: null, owner: null },
        { id: 'customer-9', roles: ['approver'], team: null, owner: null },
        { id: 'alice-admin', roles: ['approver'], team: null, owner: 'alice@example.com' },
      ]) {
        expect(await reasonOf(desk.decide(held.id, self, 'approve', 'mine'))).toBe('approval_self');
      }
      expect(await reasonOf(desk.decide(held.id, { id: 'dave', roles: [], team: 'sales', owner: null }, 'approve', 'x'))).toBe('approval_not_eligible');
      expect((await desk.get(held.id))?.state).toBe('pending');
    });

    test('expiry denies: past the TTL nothing is approved or released, and the expiry is recorded', async () => {
      const held = await desk.hold(refundHold());
      now = T0 + 900_000;
      expect(await reasonOf(desk.decide(held.id, bob, 'approve', 'late'))).toBe('approval_expired');
      const approved = await desk.hold(refundHold());
      await desk.decide(approved.id, bob, 'approve', 'ok');
      now = approved.expiresAt + 1;
      expect(await reasonOf(desk.redeem(approved.id, { identityId: 'refund-bot' }))).toBe('approval_expired');
      const notes = (await store.listExchanges({ operation: 'approval', limit: 100 })).map((r) => r.trace[0]?.note?.split(' ')[0]);
      expect(notes.filter((n) => n === 'approval.expire')).toHaveLength(2);
    });

    test('every transition is sealed into the chain and audit verify passes', async () => {
      const held = await desk.hold(refundHold());
      await desk.decide(held.id, bob, 'approve', 'ok');
      await desk.redeem(held.id, { identityId: 'refund-bot' });
      const report = await verifyStore(store);
      expect(report.ok).toBe(true);
      expect(report.entries).toBe(3);
      const actions = (await store.listExchanges({ operation: 'approval' })).map((r) => r.method).sort();
      expect(actions).toEqual(['APPROVE', 'CREATE', 'USE']);
    });
  });
}
