/**
 * Why a webhook check could not run (status, timeout, connection, malformed answer). Thrown so the policy's
 * failMode decides; the message never contains the scanned text, the answer body or a header value.
 */
export class WebhookDetectorError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WebhookDetectorError';
  }
}
