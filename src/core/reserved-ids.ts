/**
 * Names the gateway uses for principals of its own, so no identity may take them: a record or a limit
 * naming one must mean the gateway's principal, never a workload that chose the name.
 * - `anonymous`: every caller while auth is off, and the caller of a refused, unauthenticated request
 *   (records, `limits.defaults.anonymous`, the kill switch `--identity anonymous`);
 * - `system` and `cli`: the actors of `system:config` and `cli:<os user>` records;
 * - `gatehouse`: the Gateway resource of admin policies, and the default issuer and audience;
 * - `admin`: the admin operation and role, so `identityId: admin` in a record is never ambiguous;
 * - `unknown`: what a record names when the operation or caller could not be told.
 * Compared without regard to case: `Anonymous` reads the same in a record.
 */
export const RESERVED_IDENTITY_IDS: readonly string[] = ['anonymous', 'system', 'cli', 'gatehouse', 'admin', 'unknown'];

/** True when `id` is one of the reserved names, in any case. */
export function isReservedIdentityId(id: string): boolean {
  return RESERVED_IDENTITY_IDS.includes(id.toLowerCase());
}

/** The message every surface (config check, admin API, CLI) gives for a reserved name. */
export function reservedIdentityMessage(id: string): string {
  return `"${id.slice(0, 128)}" is reserved for the gateway's own principals (${RESERVED_IDENTITY_IDS.join(', ')}); choose another id`;
}
