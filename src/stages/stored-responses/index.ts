import { GatewayError } from '../../core/errors.js';
import type { LocalTerminal } from '../../core/stage.js';

/**
 * The terminal of GET and DELETE /v1/responses/:id. The gateway keeps no responses (`store` is always
 * false on /v1/responses), so there is never one to read or delete: the answer is a typed 404, given only
 * after the stages before it (authenticate, authorize, limits) let the caller ask.
 */
export function createStoredResponsesTerminal(): LocalTerminal {
  return {
    name: 'stored-responses',
    answer: function storedResponse(): never {
      throw new GatewayError('response_not_stored', 'This gateway does not store responses (store is always false): there is nothing to retrieve or delete.', {
        status: 404,
      });
    },
  };
}
