import { z } from 'zod';
import { GatewayError } from '../../../core/errors.js';
import { IDENTITY_ID_PATTERN } from '../../../identity/identity-registry.js';
import { isReservedIdentityId, reservedIdentityMessage } from '../../../core/reserved-ids.js';
import { scopeListProblem } from '../../../core/scope-syntax.js';

/**
 * Bodies and queries of the admin API. Field names are those of the Identity the API returns, so
 * what GET shows is what PATCH takes.
 */

const text = (max: number) => z.string().trim().min(1).max(max);
const nameList = z.array(text(256)).max(1000);
const role = z.enum(['admin', 'security', 'approver', 'auditor']);
const environment = z.enum(['sandbox', 'pilot', 'production']);
export const identityIdSchema = z.string().regex(IDENTITY_ID_PATTERN, 'letters, digits, . _ - only, starting with a letter or digit (max 128)');
/** The id of a new identity: also not one of the gateway's own principals. */
const newIdentityId = identityIdSchema.superRefine((id, ctx) => {
  if (isReservedIdentityId(id)) ctx.addIssue({ code: 'custom', message: reservedIdentityMessage(id) });
});
const scopeList = z.array(z.string()).superRefine((scopes, ctx) => {
  const problem = scopeListProblem(scopes);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const editable = {
  displayName: text(256),
  owner: text(256),
  team: text(256).nullable(),
  purpose: text(1000).nullable(),
  allowedModels: nameList,
  allowedTools: nameList,
  allowedDatasets: nameList,
  roles: z.array(role).max(4),
  allowedScopes: scopeList,
  mayAssertEndUsers: z.boolean(),
  limitsProfile: text(256).nullable(),
  guardrailProfile: text(256).nullable(),
};

export const createIdentityBody = z.strictObject({
  id: newIdentityId,
  owner: editable.owner,
  environment,
  displayName: editable.displayName.optional(),
  team: editable.team.optional(),
  purpose: editable.purpose.optional(),
  allowedModels: nameList.default([]),
  allowedTools: nameList.default([]),
  allowedDatasets: nameList.default([]),
  roles: editable.roles.default([]),
  allowedScopes: scopeList.default([]),
  mayAssertEndUsers: z.boolean().default(false),
  limitsProfile: editable.limitsProfile.optional(),
  guardrailProfile: editable.guardrailProfile.optional(),
});

export const patchIdentityBody = z.strictObject(editable).partial();

export const listIdentitiesQuery = z.strictObject({
  state: z.enum(['active', 'suspended', 'retired']).optional(),
  environment: environment.optional(),
  team: text(256).optional(),
});

export const mintTokenBody = z.strictObject({
  identity: identityIdSchema,
  scopes: z.array(text(128)).max(50).optional(),
  ttlSeconds: z.number().int().positive().optional(),
  endUser: text(256).optional(),
  actor: identityIdSchema.optional(),
});

export const revokeApiKeyBody = z.strictObject({
  reason: text(500),
});

export const revokeTokenBody = z.strictObject({
  jti: text(256),
  reason: text(500),
});

/** A JWKS of public keys; the token service refuses private or symmetric keys. */
export const clientJwksBody = z.strictObject({
  keys: z.array(z.record(z.string(), z.unknown())).min(1).max(10),
});

/** Why a field cannot be sent in a PATCH, for the fields that exist but are not editable. */
const NOT_EDITABLE: Record<string, string> = {
  id: 'an identity id never changes; create a new identity',
  source: 'source is set by where the identity was declared',
  environment: "an identity's environment never changes; create a new identity for the other environment",
  state: 'use POST /admin/v1/identities/{id}/suspend, /retire or /reactivate',
  createdAt: 'set by the gateway',
  lastRotatedAt: 'set by the gateway; rotate with POST /admin/v1/identities/{id}/secret/rotate',
  lastUsedAt: 'set by the gateway',
};

/** Parses a body or query; refuses with invalid_request naming the first problem and its field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
    for (const key of Object.keys(input)) {
      const why = schema === (patchIdentityBody as z.ZodType) ? NOT_EDITABLE[key] : undefined;
      if (why) throw new GatewayError('invalid_request', `${key} cannot be changed: ${why}.`, { param: key });
    }
  }
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const path = [...issue.path, ...keys.slice(0, 1)].map(String).join('.');
  const message = issue.code === 'unrecognized_keys' ? `unknown field "${keys[0]}"` : issue.message;
  throw new GatewayError('invalid_request', path ? `${path}: ${message}` : message, { param: path || null });
}
