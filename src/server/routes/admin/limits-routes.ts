import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { LimitSetConfig, LimitsConfig } from '../../../config/schema-limits.js';
import { GatewayError } from '../../../core/errors.js';
import type { LimitBackend } from '../../../limits/backend.js';
import { periodKeys } from '../../../limits/periods.js';
import { adminHandler } from './admin-call.js';
import type { AdminDeps } from './admin-deps.js';
import { parseInput } from './admin-input.js';
import { ADMIN_PREFIX, GATEWAY_RESOURCE } from './identity-routes.js';

export interface LimitsViewDeps {
  backend: LimitBackend;
  /** The limits section in force now. */
  config: () => LimitsConfig;
}

const query = z.strictObject({
  identity: z.string().min(1).max(128).optional(),
  team: z.string().min(1).max(256).optional(),
  model: z.string().min(1).max(256).optional(),
});

/** One limit set as operators see it: what is configured and, for budgets, what this period holds. */
interface BudgetView {
  set: string;
  limits: LimitSetConfig;
  budgets: Array<{
    period: 'daily' | 'monthly';
    periodKey: string;
    spentUsd: number;
    reservedUsd: number;
    softUsd: number | null;
    hardUsd: number | null;
    softPassed: boolean;
  }>;
}

/**
 * GET /admin/v1/limits/budgets: where each budget stands this UTC day and month (spent and still reserved
 * by requests in flight), next to the configured limits: the view an operator needs before a surprise bill.
 * Without a filter it lists the global set, every configured team and every configured model; `identity`
 * shows the set that identity's requests count against (its profile, else its environment's default).
 */
export function registerLimitsRoutes(app: FastifyInstance, deps: AdminDeps, limits: LimitsViewDeps): void {
  app.get(
    `${ADMIN_PREFIX}/limits/budgets`,
    adminHandler(deps, {
      action: 'traffic.read',
      target: () => ({ resource: GATEWAY_RESOURCE, label: 'limits' }),
      async run(req) {
        const filter = parseInput(query, req.query ?? {});
        const config = limits.config();
        const sets: Array<{ set: string; limits: LimitSetConfig }> = [];
        if (filter.identity !== undefined) {
          const identity = deps.registry.get(filter.identity);
          if (!identity) throw new GatewayError('identity_not_found', `No identity '${filter.identity}'.`, { param: 'identity' });
          const profile =
            (identity.limitsProfile !== null ? config.profiles[identity.limitsProfile] : undefined) ?? profileOf(config, config.defaults[identity.environment]);
          if (profile) sets.push({ set: `identity:${identity.id}`, limits: profile });
        }
        if (filter.team !== undefined) {
          const team = config.teams[filter.team] ?? config.teams['*'];
          if (team) sets.push({ set: `team:${filter.team}`, limits: team });
        }
        if (filter.model !== undefined) {
          const model = config.models[filter.model] ?? config.models['*'];
          if (model) sets.push({ set: `model:${filter.model}`, limits: model });
        }
        if (filter.identity === undefined && filter.team === undefined && filter.model === undefined) {
          if (config.global) sets.push({ set: 'global', limits: config.global });
          for (const [team, set] of Object.entries(config.teams)) if (team !== '*') sets.push({ set: `team:${team}`, limits: set });
          for (const [model, set] of Object.entries(config.models)) if (model !== '*') sets.push({ set: `model:${model}`, limits: set });
          const anonymous = profileOf(config, config.defaults.anonymous);
          if (anonymous) sets.push({ set: 'anonymous', limits: anonymous });
        }
        const periods = periodKeys();
        const data: BudgetView[] = await Promise.all(
          sets.map(async ({ set, limits: configured }) => {
            const budgets: BudgetView['budgets'] = [];
            for (const period of ['daily', 'monthly'] as const) {
              const thresholds = configured.budget?.[period];
              if (!thresholds) continue;
              const periodKey = period === 'daily' ? periods.day : periods.month;
              const state = await limits.backend.budget(`budget:${set}`, periodKey);
              const spentUsd = state.spent / 1e6;
              budgets.push({
                period,
                periodKey,
                spentUsd,
                reservedUsd: state.reserved / 1e6,
                softUsd: thresholds.softUsd ?? null,
                hardUsd: thresholds.hardUsd ?? null,
                softPassed: thresholds.softUsd !== undefined && spentUsd > thresholds.softUsd,
              });
            }
            return { set, limits: configured, budgets };
          }),
        );
        return { body: { object: 'list', backend: config.backend, data } };
      },
    }),
  );
}

function profileOf(config: LimitsConfig, name: string | undefined): LimitSetConfig | undefined {
  return name === undefined ? undefined : config.profiles[name];
}
