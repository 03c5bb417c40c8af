import { REASON_CODES, type ReasonCode } from './reason-codes.js';

/**
 * A refusal or failure with a catalogued reason, thrown where a verdict cannot be returned: request body
 * parsing; the terminals (the router and its attempts, the local answers such as the model listing); a
 * stream refused mid-way (the stream runner, a stage's `transformStream`); the upstream client, for a
 * request it cannot forward; and the services behind the admin API and the CLI (identity, control, audit
 * search) refusing bad input. A stage's `onRequest` and `onResponse` return verdicts instead, and an
 * upstream's failure is a `ProviderError`. `message` is safe to show a client: never put an internal
 * error message, a secret or prompt content in it.
 */
export class GatewayError extends Error {
  readonly reason: ReasonCode;
  readonly status: number;
  readonly param: string | null;
  readonly headers: Record<string, string> | undefined;
  /** approval_required: the approval holding the call, for the error body (and a stream's in-band error). */
  readonly approval: ApprovalRef | undefined;

  constructor(
    reason: ReasonCode,
    message: string,
    options: { param?: string | null; status?: number; headers?: Record<string, string>; cause?: unknown; approval?: ApprovalRef } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.reason = reason;
    this.status = options.status ?? REASON_CODES[reason].status;
    this.param = options.param ?? null;
    this.headers = options.headers;
    this.approval = options.approval;
  }
}

/** Where a held call waits: its id and the URL its requester polls (GET /v1/approvals/{id}). */
export interface ApprovalRef {
  id: string;
  status_url: string;
}

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string };
  /** Present with approval_required: the approval that holds the answer. */
  approval?: ApprovalRef;
}

/** The OpenAI error shape, with our reason code as `code`. 5xx messages are replaced by a generic one. */
export function errorBody(reason: ReasonCode, message: string, param: string | null = null, approval?: ApprovalRef): OpenAIErrorBody {
  const entry = REASON_CODES[reason];
  const safe = entry.status >= 500 && reason !== 'not_ready' ? entry.summary : message;
  const body: OpenAIErrorBody = { error: { message: safe, type: entry.type === 'none' ? 'api_error' : entry.type, param, code: reason } };
  if (approval) body.approval = approval;
  return body;
}

/** The abort reason used when the client disconnects: lets everything downstream tell it from a fault. */
export class ClientClosedError extends Error {
  constructor() {
    super('client closed the connection');
    this.name = 'ClientClosedError';
  }
}

/** A rollback with nothing to go back to: the model never had a version promoted. */
export class NothingToRollBackError extends Error {
  constructor(readonly model: string) {
    super(`model ${model} has no earlier version to roll back to`);
    this.name = 'NothingToRollBackError';
  }
}
