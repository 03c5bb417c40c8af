import type { CedarValueJson, Context, EntityJson, EntityUidJson } from '@cedar-policy/cedar-wasm/nodejs';
import type { Identity } from '../identity/types.js';
import { CATALOG_TYPES, NAMESPACE } from './schema.js';
import type { AuthzRequest } from './types.js';

type Attrs = Record<string, CedarValueJson>;
type Getter<T> = readonly [name: string, get: (from: T) => CedarValueJson];

/** The Identity entity's attributes, as the schema declares them. */
const IDENTITY_ATTRIBUTES: ReadonlyArray<Getter<Identity>> = [
  ['environment', (i) => i.environment],
  ['owner', (i) => i.owner],
  ['team', (i) => i.team ?? ''],
  ['state', (i) => i.state],
  ['roles', (i) => i.roles],
  ['mayAssertEndUsers', (i) => i.mayAssertEndUsers],
  ['models', (i) => i.allowedModels],
  ['tools', (i) => i.allowedTools],
  ['datasets', (i) => i.allowedDatasets],
];

/** A Model, Tool or Dataset: its logical name and the environments that may reach it. */
interface CatalogItem {
  id: string;
  environments: readonly string[];
}

const CATALOG_ATTRIBUTES: ReadonlyArray<Getter<CatalogItem>> = [
  ['name', (r) => r.id],
  ['environments', (r) => r.environments as string[]],
];

/** The attributes one action's policies read; the rest stay out of the call (see attribute-use.ts). */
export interface CallShape {
  identity: ReadonlyArray<Getter<Identity>>;
  catalog: ReadonlyArray<Getter<CatalogItem>>;
  context: ReadonlySet<string>;
}

export function callShape(read: ReadonlySet<string>): CallShape {
  return {
    identity: IDENTITY_ATTRIBUTES.filter(([name]) => read.has(name)),
    catalog: CATALOG_ATTRIBUTES.filter(([name]) => read.has(name)),
    context: read,
  };
}

export interface CedarInput {
  principal: EntityUidJson;
  action: EntityUidJson;
  resource: EntityUidJson;
  context: Context;
  entities: EntityJson[];
}

/**
 * The principal, action, resource, context and entities of one call. The principal entity is built
 * afresh from the identity every time, never cached, so a suspension or a changed grant applies to
 * the very next request. Admin resources (Identity, SigningKey, Gateway) are bare references: role
 * policies do not read their attributes, and a policy that did would error, which denies.
 */
export function cedarInput(request: AuthzRequest, shape: CallShape, configured: readonly string[] | undefined): CedarInput {
  const { identity } = request.principal;
  const principal = { type: `${NAMESPACE}::Identity`, id: identity.id };
  const resource = { type: `${NAMESPACE}::${request.resource.type}`, id: request.resource.id };
  const entities: EntityJson[] = [{ uid: principal, attrs: pick(identity, shape.identity), parents: [] }];
  if (CATALOG_TYPES.has(request.resource.type)) {
    // The caller's environments, else the configuration's; none (absent or empty) means every environment.
    const item = { id: request.resource.id, environments: request.resource.environments ?? configured ?? [] };
    entities.push({ uid: resource, attrs: pick(item, shape.catalog), parents: [] });
  }
  return { principal, action: { type: `${NAMESPACE}::Action`, id: request.action }, resource, context: contextOf(request, shape.context), entities };
}

function pick<T>(from: T, getters: ReadonlyArray<Getter<T>>): Attrs {
  const attrs: Attrs = {};
  for (const [name, get] of getters) attrs[name] = get(from);
  return attrs;
}

/** How the caller authenticated, plus the request's own context (`direction` for tools). */
function contextOf(request: AuthzRequest, read: ReadonlySet<string>): Context {
  const { principal } = request;
  const context: Context = {};
  if (read.has('credential')) context.credential = principal.credential;
  if (read.has('scopes')) context.scopes = principal.scopes;
  if (read.has('endUser') && principal.endUser !== null) context.endUser = principal.endUser;
  if (read.has('actor') && principal.actor !== null) context.actor = principal.actor;
  if (request.context) {
    for (const [key, value] of Object.entries(request.context)) if (read.has(key)) context[key] = value as CedarValueJson;
  }
  return context;
}
