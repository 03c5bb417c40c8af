/**
 * Where a model version is served: the deployment type the exchange carries once routed. It lives in core
 * because the exchange names it; routing/model-registry.ts builds deployments and re-exports the type.
 */

export const DEPLOYMENT_STATUSES = ['approved', 'trial', 'blocked'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/** Who a deployment's status applies to: an identity's environment, or `anonymous` while auth is off. */
export type Audience = 'sandbox' | 'pilot' | 'production' | 'anonymous';

/** One place a model version is served. Built once per configuration version; immutable. */
export interface Deployment {
  /** Recorded on every exchange it serves. */
  readonly id: string;
  /** The logical model it belongs to. */
  readonly model: string;
  readonly version: string;
  readonly providerId: string;
  readonly providerType: string;
  readonly upstreamModel: string;
  readonly region: string | null;
  readonly residency: readonly string[];
  readonly pricing: { readonly inputPerMillionUsd: number; readonly outputPerMillionUsd: number } | null;
  readonly contextWindow: number | null;
  /** null: approved for everyone. Otherwise an audience not listed is blocked. */
  readonly status: Readonly<Partial<Record<Audience, DeploymentStatus>>> | null;
  readonly selection: { readonly reason: string; readonly evaluation?: string | undefined; readonly approver: string; readonly date: string } | null;
  readonly weight: number;
}
