import { z } from 'zod';
import { isReservedIdentityId, reservedIdentityMessage } from '../core/reserved-ids.js';
import { scopeListProblem } from '../core/scope-syntax.js';

/**
 * Config sections of workload identity and authorization: `auth`, `identities`, `tools`, `datasets`,
 * `policies`. Kept beside schema.ts so each file stays readable; schema.ts composes them.
 */

const secretRef = z
  .string()
  .regex(
    /^(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)$/,
    'must be a secret reference such as env:GATEHOUSE_SECRET_PEPPER or file:/run/secrets/pepper, never the secret itself',
  );
const identityId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'letters, digits, . _ - only (max 128)');
const environment = z.enum(['sandbox', 'pilot', 'production']);
const environments = z.array(environment).min(1).describe('Environments that may reach this resource; omit for all. [production] marks it production-only.');

/** One rule mapping an external token's claims to a Gatehouse identity. */
const issuerRule = z.strictObject({
  /** Every listed claim must equal the value (strings) for the rule to match. */
  claims: z.record(z.string(), z.string()).refine((c) => Object.keys(c).length > 0, 'at least one claim to match'),
  identity: identityId,
});

const externalIssuer = z.strictObject({
  issuer: z.string().min(1).describe('Expected `iss` of the external token'),
  jwksUrl: z.url({ protocol: /^https?$/ }).describe('Where the issuer publishes its signing keys'),
  audiences: z.array(z.string().min(1)).min(1).describe('Accepted `aud` values'),
  algorithms: z.array(z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'])).default(['RS256', 'ES256', 'EdDSA']),
  rules: z
    .array(issuerRule)
    .default([])
    .describe('Maps subject tokens to identities; an issuer used only for end users (token exchange with an actor token) needs none'),
});

export const authSchema = z
  .strictObject({
    /** `off`: every caller is anonymous (demo only). `required`: every /v1 call needs a token or an allowed API key. */
    mode: z.enum(['off', 'required']).default('required'),
    issuer: z.string().min(1).default('gatehouse').describe('`iss` of the access tokens the gateway signs'),
    audience: z.string().min(1).default('gatehouse').describe('`aud` of the access tokens the gateway signs and accepts'),
    tokenTtlSeconds: z.number().int().min(30).max(3600).default(600).describe('Access token lifetime: 10 minutes by default, 1 hour at most'),
    maxTokenTtlSeconds: z
      .number()
      .int()
      .min(30)
      .max(3600)
      .default(3600)
      .describe(
        'Longest lifetime (exp - iat) of any access token: a minted --ttl is cut to it, and a token signed for longer (say before it was lowered) is refused at verification',
      ),
    clockSkewSeconds: z.number().int().min(0).max(300).default(60),
    signingAlgorithm: z.enum(['EdDSA', 'ES256']).default('EdDSA'),
    /** A signing key older than this is rotated by `gatehouse keys rotate` or automatically at start. */
    keyRotationDays: z.number().int().min(1).max(365).default(30),
    /** HMAC key for client-secret and API-key hashes, and for encrypting signing keys at rest. */
    secretPepper: secretRef,
    /** How long an old client secret keeps working after a rotation. */
    secretRotationOverlapSeconds: z.number().int().min(0).max(86_400).default(300),
    /** Environments whose identities may use long-lived static API keys. */
    staticKeyEnvironments: z.array(environment).default(['sandbox']),
    externalIssuers: z.record(identityId, externalIssuer).default({}),
    refreshMs: z
      .number()
      .int()
      .min(100)
      .max(3_600_000)
      .default(5_000)
      .describe(
        'How often a replica reloads identities, signing keys, revocations and API keys changed elsewhere (CLI, other replicas), in ms; the replica that makes a change applies it on its next request',
      ),
  })
  .superRefine((a, ctx) => {
    if (a.tokenTtlSeconds > a.maxTokenTtlSeconds)
      ctx.addIssue({ code: 'custom', path: ['tokenTtlSeconds'], message: `must not exceed auth.maxTokenTtlSeconds (${a.maxTokenTtlSeconds})` });
  });

export const identityConfigSchema = z.strictObject({
  displayName: z.string().min(1).optional(),
  owner: z.string().min(1).describe('A person or team contact: required'),
  team: z.string().min(1).optional(),
  environment,
  purpose: z.string().optional(),
  models: z.array(z.string().min(1)).default([]),
  tools: z.array(z.string().min(1)).default([]),
  datasets: z.array(z.string().min(1)).default([]),
  roles: z.array(z.enum(['admin', 'security', 'approver', 'auditor'])).default([]),
  scopes: z
    .array(z.string())
    .default([])
    .superRefine((scopes, ctx) => {
      const problem = scopeListProblem(scopes);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe('OAuth scopes its access tokens may carry; /oauth/token refuses any other with invalid_scope'),
  mayAssertEndUsers: z.boolean().default(false),
  limitsProfile: z.string().optional(),
  guardrailProfile: z.string().optional(),
  state: z.enum(['active', 'suspended', 'retired']).default('active'),
});

const resourceSchema = z.strictObject({
  description: z.string().optional(),
  environments: environments.optional(),
});

const datasetSchema = resourceSchema.extend({
  residency: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/))
    .optional()
    .describe('Data residency tags (e.g. [eu]); a request naming the dataset is served only by deployments carrying every tag, or refused'),
});

export const policiesSchema = z.strictObject({
  files: z
    .array(z.string().min(1))
    .default([])
    .describe("Custom Cedar policy files, added to the policies compiled from grants; relative to the configuration file's folder"),
});

export const identitySections = {
  auth: authSchema.optional(),
  identities: z
    .record(identityId, identityConfigSchema)
    .superRefine((declared, ctx) => {
      for (const id of Object.keys(declared)) if (isReservedIdentityId(id)) ctx.addIssue({ code: 'custom', path: [id], message: reservedIdentityMessage(id) });
    })
    .default({}),
  datasets: z.record(z.string().min(1), datasetSchema).default({}),
  policies: policiesSchema.prefault({}),
};

export type AuthConfig = z.infer<typeof authSchema>;
export type IdentityConfig = z.infer<typeof identityConfigSchema>;
export { environments as environmentsSchema };
