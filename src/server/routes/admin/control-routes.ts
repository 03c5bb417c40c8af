import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { checkPromotion, checkRollback, checkStopTarget, listModels, rollbackModel, servedVersion } from '../../../control/model-catalog.js';
import { ALL_TARGET, STOP_SCOPES } from '../../../control/state.js';
import type { Resource } from '../../../authz/types.js';
import { GatewayError } from '../../../core/errors.js';
import { adminHandler } from './admin-call.js';
import type { AdminDeps, ControlDeps } from './admin-deps.js';
import { parseInput } from './admin-input.js';
import { ADMIN_PREFIX, GATEWAY_RESOURCE } from './identity-routes.js';

const reason = z.string().trim().min(1).max(1000);
const version = z.string().trim().min(1).max(64);
const promoteBody = z.strictObject({ version, reason });
const rollbackBody = z.strictObject({ to: version.optional(), reason });
const stopBody = z.strictObject({ scope: z.enum(STOP_SCOPES as [string, ...string[]]), target: z.string().trim().min(1).max(256).optional(), reason });
const incidentBody = z.strictObject({ on: z.boolean(), reason });

/**
 * Model promotion and rollback, kill switches and incident mode (docs/controls.md). A change applies to
 * this replica before the answer leaves, and to the others within controls.refreshMs. Every call is
 * authenticated, authorized and recorded like every admin call; the operator's reason is in the record.
 */
export function registerControlRoutes(app: FastifyInstance, deps: AdminDeps, controls: ControlDeps): void {
  registerModelRoutes(app, deps, controls);
  registerTrafficRoutes(app, deps, controls);
  registerIncidentRoutes(app, deps, controls);
}

/** The model catalogue with each model's served version, and promotion and rollback of a version. */
function registerModelRoutes(app: FastifyInstance, deps: AdminDeps, controls: ControlDeps): void {
  const { plane } = controls;

  app.get(
    `${ADMIN_PREFIX}/models`,
    adminHandler(deps, {
      action: 'model.read',
      target: () => ({ resource: GATEWAY_RESOURCE, label: '*' }),
      async run() {
        return { body: { object: 'list', data: await listModels(controls.models(), plane) } };
      },
    }),
  );

  app.post(
    `${ADMIN_PREFIX}/models/:name/promote`,
    adminHandler(deps, {
      action: 'model.promote',
      target: modelTarget,
      async run(req, caller) {
        const name = modelName(req);
        const input = parseInput(promoteBody, req.body);
        const entry = checkPromotion(controls.models(), plane, name, input.version);
        const before = servedVersion(entry, plane);
        const event = await plane.promote(name, input.version, { actor: caller.identity.id, reason: input.reason });
        return {
          detail: `${before}->${input.version} reason=${input.reason}`,
          body: { model: name, activeVersion: input.version, previousVersion: before, event },
        };
      },
    }),
  );

  app.post(
    `${ADMIN_PREFIX}/models/:name/rollback`,
    adminHandler(deps, {
      action: 'model.rollback',
      target: modelTarget,
      async run(req, caller) {
        const name = modelName(req);
        const input = parseInput(rollbackBody, req.body);
        const entry = checkRollback(controls.models(), name, input.to);
        const before = servedVersion(entry, plane);
        const event = await rollbackModel(plane, name, { actor: caller.identity.id, reason: input.reason, to: input.to });
        const after = servedVersion(entry, plane);
        return { detail: `${before}->${after} reason=${input.reason}`, body: { model: name, activeVersion: after, previousVersion: before, event } };
      },
    }),
  );
}

/** Kill switches (what is stopped, stop and resume) and the routing health of every deployment. */
function registerTrafficRoutes(app: FastifyInstance, deps: AdminDeps, controls: ControlDeps): void {
  const { plane } = controls;

  app.get(
    `${ADMIN_PREFIX}/traffic`,
    adminHandler(deps, {
      action: 'traffic.read',
      target: () => ({ resource: GATEWAY_RESOURCE, label: '*' }),
      async run() {
        return { body: plane.list() };
      },
    }),
  );

  for (const verb of ['stop', 'resume'] as const) {
    app.post(
      `${ADMIN_PREFIX}/traffic/${verb}`,
      adminHandler(deps, {
        action: verb === 'stop' ? 'traffic.stop' : 'traffic.resume',
        target: () => ({ resource: GATEWAY_RESOURCE, label: 'traffic' }),
        async run(req, caller) {
          const input = parseInput(stopBody, req.body);
          if (input.scope !== 'all' && input.target === undefined)
            throw new GatewayError('invalid_request', `target is required for scope ${input.scope}.`, { param: 'target' });
          const target = input.scope === 'all' ? ALL_TARGET : (input.target as string);
          const scope = await checkStopTarget(input.scope, target, {
            models: controls.models(),
            providers: controls.providers(),
            identityExists: async (id) => deps.registry.get(id) !== undefined,
            mcpServers: controls.mcpServers?.(),
            tools: controls.tools?.(),
          });
          const who = { actor: caller.identity.id, reason: input.reason };
          const event = verb === 'stop' ? await plane.stop(scope, target, who) : await plane.resume(scope, target, who);
          return {
            detail: `${scope}:${target}${event ? '' : ' (was not stopped)'} reason=${input.reason}`,
            body: { scope, target, stopped: verb === 'stop', changed: event !== undefined, event: event ?? null },
          };
        },
      }),
    );
  }

  app.get(
    `${ADMIN_PREFIX}/routing/health`,
    adminHandler(deps, {
      action: 'traffic.read',
      target: () => ({ resource: GATEWAY_RESOURCE, label: 'routing' }),
      async run() {
        return { body: { object: 'list', data: routingHealth(controls) } };
      },
    }),
  );
}

/** Incident mode: read and switched on or off. */
function registerIncidentRoutes(app: FastifyInstance, deps: AdminDeps, controls: ControlDeps): void {
  const { plane } = controls;

  app.get(
    `${ADMIN_PREFIX}/incident`,
    adminHandler(deps, {
      action: 'traffic.read',
      target: () => ({ resource: GATEWAY_RESOURCE, label: 'incident' }),
      async run() {
        const incident = plane.list().incident;
        return { body: { on: incident !== null, since: incident } };
      },
    }),
  );

  app.post(
    `${ADMIN_PREFIX}/incident`,
    adminHandler(deps, {
      action: 'incident.set',
      target: () => ({ resource: GATEWAY_RESOURCE, label: 'incident' }),
      async run(req, caller) {
        const input = parseInput(incidentBody, req.body);
        const event = await plane.setIncident(input.on, { actor: caller.identity.id, reason: input.reason });
        return {
          detail: `${input.on ? 'on' : 'off'}${event ? '' : ' (was off)'} reason=${input.reason}`,
          body: { on: input.on, changed: event !== undefined, event: event ?? null },
        };
      },
    }),
  );
}

/** Every configured deployment with its circuit state; one never called yet is closed with no figures. */
function routingHealth(controls: ControlDeps): Array<Record<string, unknown>> {
  const known = new Map((controls.health?.snapshot() ?? []).map((s) => [s.id, s]));
  const rows: Array<Record<string, unknown>> = [];
  for (const model of controls.models().values()) {
    for (const d of model.deployments) {
      const h = known.get(d.id);
      rows.push({
        model: model.name,
        version: d.version,
        deployment: d.id,
        provider: d.providerId,
        region: d.region,
        state: h?.state ?? 'closed',
        consecutiveFailures: h?.consecutiveFailures ?? 0,
        openedAt: h?.openedAt ?? null,
        ewmaLatencyMs: h?.ewmaLatencyMs ?? null,
        successes: h?.successes ?? 0,
        failures: h?.failures ?? 0,
      });
    }
  }
  return rows;
}

function modelName(req: FastifyRequest): string {
  return (req.params as { name: string }).name;
}

/** Promotion is authorized on the Model, so a custom policy can narrow it to some models. */
function modelTarget(req: FastifyRequest): { resource: Resource; label: string } {
  const name = modelName(req);
  return { resource: { type: 'Model', id: name }, label: name };
}
