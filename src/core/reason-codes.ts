/**
 * The one catalogue of reason codes. The same code appears in the client's error body (`error.code`),
 * the `x-gatehouse-reason` header, the exchange record, logs and metrics. `docs/reason-codes.md`
 * documents every entry; a test keeps the two in step.
 */
export const REASON_CODES = {
  ok: { status: 200, type: 'none', summary: 'The exchange completed.' },

  // Client input
  invalid_request: {
    status: 400,
    type: 'invalid_request_error',
    summary: 'The body does not match the endpoint schema, or a production identity sent a field the gateway does not know (guardrails.allowedExtraFields).',
  },
  invalid_json: { status: 400, type: 'invalid_request_error', summary: 'The body is not valid JSON.' },
  invalid_encoding: { status: 400, type: 'invalid_request_error', summary: 'The body is not valid UTF-8.' },
  unsupported_media_type: { status: 415, type: 'invalid_request_error', summary: 'The Content-Type is not application/json.' },
  unsupported_content_encoding: {
    status: 415,
    type: 'invalid_request_error',
    summary: 'The body uses a Content-Encoding (gzip, br, ...) the gateway does not accept; send it uncompressed.',
  },
  request_timeout: {
    status: 408,
    type: 'invalid_request_error',
    summary: 'The client did not send a complete request (headers and body) within `server.requestTimeoutMs`; the connection is closed.',
  },
  expectation_failed: { status: 417, type: 'invalid_request_error', summary: 'Only "Expect: 100-continue" is supported.' },
  missing_host: { status: 400, type: 'invalid_request_error', summary: 'An HTTP/1.1 request must carry a Host header (RFC 9112).' },
  headers_too_large: { status: 431, type: 'invalid_request_error', summary: 'The request headers are too large.' },
  malformed_http: { status: 400, type: 'invalid_request_error', summary: 'The request is not well-formed HTTP; the connection is closed.' },
  body_too_large: { status: 413, type: 'invalid_request_error', summary: 'The body exceeds server.bodyLimitBytes.' },
  route_not_found: { status: 404, type: 'invalid_request_error', summary: 'No such endpoint.' },
  endpoint_not_enabled: {
    status: 404,
    type: 'invalid_request_error',
    summary: 'The endpoint exists in Gatehouse, but the configuration of this gateway does not enable it; the message says what turns it on.',
  },
  method_not_allowed: { status: 405, type: 'invalid_request_error', summary: 'The endpoint exists but not for this HTTP method.' },
  model_not_found: {
    status: 404,
    type: 'invalid_request_error',
    summary:
      "The requested model is not configured, or the caller may not reach it (not permitted, reserved for another environment, no deployment approved for it): the two are not told apart; the record's trace keeps the real cause.",
  },
  model_capability_unsupported: {
    status: 400,
    type: 'invalid_request_error',
    summary: 'The model or its provider cannot serve this kind of request (for example embeddings on a chat-only model).',
  },

  // Identity (authentication)
  authentication_required: {
    status: 401,
    type: 'authentication_error',
    summary: 'No credential was presented: send an access token (or, for sandbox identities, an API key) as a Bearer token.',
  },
  invalid_token: {
    status: 401,
    type: 'authentication_error',
    summary: 'The credential is not valid: bad signature, algorithm, key id, issuer or audience, or malformed.',
  },
  token_expired: { status: 401, type: 'authentication_error', summary: 'The access token has expired or is not valid yet (beyond the allowed clock skew).' },
  token_revoked: { status: 401, type: 'authentication_error', summary: 'The access token was revoked.' },
  invalid_client: { status: 401, type: 'authentication_error', summary: 'Token endpoint: the client credentials (secret or client assertion) are not valid.' },
  invalid_grant: {
    status: 400,
    type: 'invalid_request_error',
    summary: 'Token endpoint: the grant (for example the subject token of a token exchange) is not valid or maps to no identity.',
  },
  unsupported_grant_type: { status: 400, type: 'invalid_request_error', summary: 'Token endpoint: the grant_type is not supported.' },
  invalid_scope: {
    status: 400,
    type: 'invalid_request_error',
    summary: 'A scope was asked for that the identity may not hold (or, in a token exchange, that the actor token does not carry); nothing was granted.',
  },
  api_key_revoked: { status: 401, type: 'authentication_error', summary: 'The static API key was revoked; other keys of the identity still work.' },
  identity_suspended: { status: 403, type: 'permission_error', summary: 'The calling identity is suspended.' },
  identity_retired: { status: 403, type: 'permission_error', summary: 'The calling identity is retired.' },
  static_key_not_allowed: {
    status: 403,
    type: 'permission_error',
    summary: "Static API keys are not allowed for this identity's environment; use short-lived access tokens.",
  },
  end_user_assertion_denied: { status: 403, type: 'permission_error', summary: 'This identity may not name end users (x-gatehouse-end-user or an act claim).' },

  // Authorization
  forbidden_by_policy: {
    status: 403,
    type: 'permission_error',
    summary:
      'A policy does not allow this identity this action on this resource (for a model, the client is told model_not_found and the trace keeps this reason).',
  },
  environment_isolation: {
    status: 403,
    type: 'permission_error',
    summary:
      'The resource is reserved for another environment (for example production only); for a model, the client is told model_not_found and the trace keeps this reason.',
  },
  authorization_error: {
    status: 403,
    type: 'permission_error',
    summary: 'The authorization policies could not be evaluated; the request is denied (fail closed).',
  },

  // Guardrails
  input_blocked: {
    status: 400,
    type: 'invalid_request_error',
    summary: 'A guardrail policy blocked the request content (prompt injection, secrets, PII, banned topic, ...).',
  },
  output_blocked: {
    status: 403,
    type: 'permission_error',
    summary: 'A guardrail policy blocked the model output (a leak, a schema violation, ...); mid-stream, the stream ends with this code.',
  },
  approval_required: {
    status: 403,
    type: 'permission_error',
    summary:
      "A guardrail policy or a tool's approval rule requires human approval; without an approval service the request is refused. An MCP call held for approval is answered with a tool error naming the approval.",
  },
  audit_unavailable: {
    status: 503,
    type: 'api_error',
    summary:
      'The exchange, or the content the data policy says to keep, could not be recorded in the audit trail, so its answer was withheld (mid-stream: in-band, instead of `[DONE]`).',
  },
  guardrail_unavailable: {
    status: 503,
    type: 'api_error',
    summary: 'A guardrail check could not run (for example a webhook detector timed out) and fails closed.',
  },
  scan_budget_exceeded: {
    status: 413,
    type: 'invalid_request_error',
    summary:
      "The texts to scan (the request, or the answer it produced) exceed the guardrail profile's scan budget (limits.maxScanChars), and a detector that fails closed refuses to pass them unscanned.",
  },

  // Admin API
  identity_not_found: { status: 404, type: 'invalid_request_error', summary: 'No identity with that id.' },
  identity_exists: { status: 409, type: 'invalid_request_error', summary: 'An identity with that id already exists.' },
  api_key_not_found: { status: 404, type: 'invalid_request_error', summary: 'The identity has no static API key with that id.' },

  // Routing and capacity
  deployment_blocked: {
    status: 403,
    type: 'permission_error',
    summary:
      "No deployment of the requested model version is approved (or on trial) for the caller's environment; recorded in the trace, the client is told model_not_found.",
  },
  residency_unavailable: {
    status: 403,
    type: 'permission_error',
    summary: "The request carries a data residency tag (x-gatehouse-residency or a dataset's) that no deployment of the model can honour; it was sent nowhere.",
  },
  context_window_exceeded: {
    status: 400,
    type: 'invalid_request_error',
    summary: "The prompt plus the reserved output tokens exceed the deployment's context window.",
  },
  rate_limited_requests: {
    status: 429,
    type: 'rate_limit_error',
    summary: 'A requests-per-minute limit (identity, team, model or global) is used up; Retry-After says when to retry.',
  },
  rate_limited_tokens: {
    status: 429,
    type: 'rate_limit_error',
    summary: 'A tokens-per-minute limit is used up, or this request alone needs more than it allows; Retry-After says when to retry.',
  },
  concurrency_limited: {
    status: 429,
    type: 'rate_limit_error',
    summary: 'Too many requests of this identity, team or model are in flight; Retry-After is an upper bound.',
  },
  budget_exhausted: {
    status: 429,
    type: 'rate_limit_error',
    summary: 'A hard cost budget (daily or monthly) would be passed by this request; Retry-After points at the next period.',
  },
  limits_unavailable: {
    status: 503,
    type: 'api_error',
    summary: 'The limit backend (Redis) could not be reached in time; limits fail closed unless limits.failMode is open.',
  },
  traffic_stopped: { status: 503, type: 'api_error', summary: 'An operator stopped traffic (kill switch) for this model, its providers or the whole gateway.' },
  identity_traffic_stopped: { status: 403, type: 'permission_error', summary: 'An operator stopped all traffic of the calling identity (kill switch).' },
  no_healthy_deployment: {
    status: 503,
    type: 'api_error',
    summary: 'Every deployment that could serve the request failed, timed out or has an open circuit, and the model has no safe-mode answer.',
  },
  safe_mode_response: {
    status: 200,
    type: 'none',
    summary:
      "Every deployment failed or was open; the model's configured deterministic safe-mode answer was sent instead (recorded, never an upstream answer).",
  },

  // Upstream
  upstream_rate_limited: { status: 429, type: 'rate_limit_error', summary: 'The provider answered 429; Retry-After is passed on.' },
  upstream_rejected_request: {
    status: 400,
    type: 'invalid_request_error',
    summary: 'The provider rejected the request as invalid (4xx other than 401/403/429).',
  },
  upstream_auth_failed: { status: 502, type: 'api_error', summary: "The provider refused the gateway's credentials (401/403). The client is not at fault." },
  upstream_error: { status: 502, type: 'api_error', summary: 'The provider answered with a 5xx status.' },
  upstream_bad_response: { status: 502, type: 'api_error', summary: 'The provider answered with malformed JSON or a malformed event stream.' },
  upstream_unreachable: { status: 502, type: 'api_error', summary: 'The provider could not be reached (connection refused, reset, DNS).' },
  upstream_timeout: { status: 504, type: 'api_error', summary: 'The provider did not answer within the configured timeout.' },

  // Stream-level outcomes (recorded; after headers are sent the client gets an in-band error event)
  stream_interrupted: { status: 502, type: 'api_error', summary: 'The upstream stream failed after the first byte was sent to the client.' },
  client_closed_request: {
    status: 499,
    type: 'none',
    summary: 'The client disconnected before the exchange completed; the upstream call was cancelled. Recorded only, never sent.',
  },

  // Gateway
  stage_failed: { status: 500, type: 'api_error', summary: 'A pipeline stage threw; the stage fails closed unless configured to fail open.' },
  internal_error: { status: 500, type: 'api_error', summary: 'An unexpected error inside the gateway. The body never carries the internal message.' },
  not_ready: { status: 503, type: 'api_error', summary: 'The gateway is starting, shutting down, or its store is unreachable.' },
} as const satisfies Record<string, { status: number; type: string; summary: string }>;

export type ReasonCode = keyof typeof REASON_CODES;

/** HTTP status a reason code is answered with. */
export function statusOf(reason: ReasonCode): number {
  return REASON_CODES[reason].status;
}
