import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { auditRecordDetail, MAX_SEARCH_LIMIT, OUTCOMES, parseInstant, searchAudit, type AuditQuery } from '../../../audit/search.js';
import { GatewayError } from '../../../core/errors.js';
import type { Principal } from '../../../identity/types.js';
import { adminHandler } from './admin-call.js';
import type { AdminDeps, AuditSearchDeps } from './admin-deps.js';
import { parseInput } from './admin-input.js';
import { ADMIN_PREFIX, GATEWAY_RESOURCE } from './identity-routes.js';

const text = (max: number) => z.string().trim().min(1).max(max);

const searchQuery = z.strictObject({
  from: text(40).optional(),
  to: text(40).optional(),
  identity: text(128).optional(),
  endUser: text(256).optional(),
  model: text(256).optional(),
  outcome: z.enum(OUTCOMES).optional(),
  reason: text(64).optional(),
  detector: text(128).optional(),
  operation: text(32).optional(),
  conversation: text(256).optional(),
  text: z.string().min(1).max(256).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_SEARCH_LIMIT).optional(),
  cursor: text(512).optional(),
});

/**
 * Audit search: `GET /admin/v1/audit/exchanges` (filters, newest first, cursor pages) and
 * `GET /admin/v1/audit/exchanges/:id` (one record and its trail entries), authorized as `audit.read`.
 * Stored content is decrypted and returned only to callers holding a role in `audit.content.readers`;
 * text search reads content, so it is theirs alone. Content answers are never cached.
 */
export function registerAuditRoutes(app: FastifyInstance, deps: AdminDeps, audit: AuditSearchDeps): void {
  app.get(
    `${ADMIN_PREFIX}/audit/exchanges`,
    adminHandler(deps, {
      action: 'audit.read',
      target: () => ({ resource: GATEWAY_RESOURCE, label: 'exchanges' }),
      async run(req, caller) {
        const q = parseInput(searchQuery, req.query);
        const reader = readsContent(caller, audit);
        if (q.text !== undefined && !reader) {
          throw new GatewayError(
            'forbidden_by_policy',
            `Text search reads stored content: only the roles in audit.content.readers (${audit.contentReaders().join(', ') || 'none'}) may use it.`,
            { param: 'text' },
          );
        }
        if (q.text !== undefined && !deps.content)
          throw new GatewayError('invalid_request', 'Text search needs stored content, and this gateway keeps none (audit.content.mode).', { param: 'text' });
        const result = await searchAudit(audit.store, deps.content, storeQuery(q), {
          includeContent: reader,
          ...(q.text === undefined ? {} : { text: q.text }),
        });
        return {
          secret: reader,
          detail: `returned=${result.records.length} scanned=${result.scanned} content=${reader ? 'yes' : 'no'}${q.text === undefined ? '' : ' text'}`,
          body: {
            object: 'list',
            data: result.records,
            nextCursor: result.nextCursor,
            scanned: result.scanned,
            unreadable: result.unreadable,
            contentIncluded: reader,
          },
        };
      },
    }),
  );

  app.get(
    `${ADMIN_PREFIX}/audit/exchanges/:id`,
    adminHandler(deps, {
      action: 'audit.read',
      target: (req) => ({ resource: GATEWAY_RESOURCE, label: `exchange ${(req.params as { id: string }).id}` }),
      async run(req, caller) {
        const { id } = req.params as { id: string };
        const reader = readsContent(caller, audit);
        const detail = await auditRecordDetail(audit.store, deps.content, id, reader);
        if (!detail) throw new GatewayError('route_not_found', `No exchange record with id "${id}".`, { param: 'id' });
        return { secret: reader, detail: `content=${reader ? 'yes' : 'no'}`, body: { ...detail.record, trail: detail.trail } };
      },
    }),
  );
}

function readsContent(caller: Principal, audit: AuditSearchDeps): boolean {
  const readers = audit.contentReaders();
  return caller.identity.roles.some((role) => readers.includes(role));
}

function storeQuery(q: z.infer<typeof searchQuery>): AuditQuery {
  const query: AuditQuery = {};
  if (q.from !== undefined) query.from = parseInstant(q.from, 'from');
  if (q.to !== undefined) query.to = parseInstant(q.to, 'to');
  if (q.identity !== undefined) query.identityId = q.identity;
  if (q.endUser !== undefined) query.endUser = q.endUser;
  if (q.model !== undefined) query.modelRequested = q.model;
  if (q.outcome !== undefined) query.outcome = q.outcome;
  if (q.reason !== undefined) query.reason = q.reason;
  if (q.detector !== undefined) query.detector = q.detector;
  if (q.operation !== undefined) query.operation = q.operation;
  if (q.conversation !== undefined) query.conversationId = q.conversation;
  if (q.limit !== undefined) query.limit = q.limit;
  if (q.cursor !== undefined) query.cursor = q.cursor;
  return query;
}
