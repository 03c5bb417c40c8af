import { ProviderError } from '../core/provider-error.js';

// Adapters import the class with its classifier from here; it is defined in core because the pipeline reads it.
export { ProviderError };

/** Classify an upstream HTTP status into a ProviderError. */
export function errorFromStatus(providerId: string, status: number, retryAfter: string | undefined, upstreamMessage: string | undefined): ProviderError {
  const detail = `${providerId} answered ${status}`;
  if (status === 429) return new ProviderError('upstream_rate_limited', detail, { upstreamStatus: status, retryAfter });
  if (status === 401 || status === 403) return new ProviderError('upstream_auth_failed', detail, { upstreamStatus: status });
  if (status === 408) return new ProviderError('upstream_timeout', detail, { upstreamStatus: status });
  if (status >= 400 && status < 500) {
    return new ProviderError('upstream_rejected_request', detail, { upstreamStatus: status, clientMessage: upstreamMessage?.slice(0, 500) });
  }
  return new ProviderError('upstream_error', detail, { upstreamStatus: status, retryAfter });
}
