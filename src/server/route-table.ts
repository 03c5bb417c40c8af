import type { FastifyInstance } from 'fastify';

/**
 * What the router knows, kept for the requests it did not match, so each is told the truth: 405 naming the
 * methods the path does answer (never the one just used), 404 endpoint_not_enabled for an endpoint this
 * gateway's configuration leaves off, 404 route_not_found for anything else. Built from the routes as they
 * are registered, so it cannot drift from them.
 */

/** An endpoint Gatehouse has, which this gateway's configuration has not turned on. */
export interface DisabledEndpoint {
  /** Whether a request path (no query string, no trailing slash) is this endpoint. */
  matches(path: string): boolean;
  /** What is off and what turns it on, for the client. */
  why: string;
}

export interface RouteTable {
  /** The methods the path is served for (HEAD left out: it comes with GET); empty when no route has the path. */
  methodsFor(path: string): string[];
  /** The disabled endpoint the path belongs to, if any. */
  disabledFor(path: string): DisabledEndpoint | undefined;
}

/** Starts collecting routes: call it before any route is registered. */
export function collectRoutes(app: FastifyInstance, disabled: readonly DisabledEndpoint[] = []): RouteTable {
  const routes = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  app.addHook('onRoute', function collectRoute(route) {
    // A route that only refuses (with its own reason) must not be named as a method the path answers.
    if ((route.config as { unlisted?: boolean } | undefined)?.unlisted === true) return;
    const entry = routes.get(route.url) ?? { pattern: urlPattern(route.url), methods: new Set<string>() };
    for (const method of [route.method].flat()) if (method !== 'HEAD') entry.methods.add(method);
    routes.set(route.url, entry);
  });
  return {
    methodsFor(path) {
      const normalized = withoutTrailingSlash(path);
      const methods = new Set<string>();
      for (const { pattern, methods: m } of routes.values()) if (pattern.test(normalized)) for (const method of m) methods.add(method);
      return [...methods].sort();
    },
    disabledFor: (path) => disabled.find((endpoint) => endpoint.matches(withoutTrailingSlash(path))),
  };
}

/** The router ignores one trailing slash (routerOptions.ignoreTrailingSlash); so does the table. */
function withoutTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** `/v1/models/:model` matches one non-empty segment per parameter; `*` matches the rest. */
function urlPattern(url: string): RegExp {
  const segments = withoutTrailingSlash(url)
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${segments.join('/')}$`);
}
