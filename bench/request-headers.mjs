/**
 * Headers every bench request carries. One shared object so the paced generator, autocannon and the
 * probes send the same thing; the auth run adds a bearer token to it (the other targets ignore it).
 */
export const REQUEST_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

/** Adds `authorization: Bearer <token>` to every request from now on. */
export function useBearerToken(token) {
  REQUEST_HEADERS.authorization = `Bearer ${token}`;
}
