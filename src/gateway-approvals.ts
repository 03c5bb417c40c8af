import { ApprovalDesk, type HeldSealer } from './approvals/desk.js';
import { cipherSealer } from './approvals/sealer.js';
import type { Approval } from './approvals/types.js';
import { ContentCipher } from './audit/content-cipher.js';
import { masterKey } from './audit/content-setup.js';
import type { GatehouseConfig } from './config/schema.js';
import type { SecretResolver } from './config/secrets.js';
import type { Logger } from './log/logger.js';
import type { Store } from './storage/store.js';

/**
 * The approvals desk of a process (gateway worker or CLI) over the store. Held content is sealed under
 * the audit content master key (audit.content.key, else its key file); the key is read on the first hold
 * or release, so a deployment with no approval rule never creates one.
 */
export function openApprovalDesk(
  config: GatehouseConfig,
  store: Store,
  resolveSecret: SecretResolver,
  logger: Logger,
  onPending?: (approval: Approval) => void,
): ApprovalDesk {
  let sealer: HeldSealer | undefined;
  const lazy = (): HeldSealer => {
    sealer ??= cipherSealer(new ContentCipher(masterKey(config.audit, resolveSecret, process.cwd(), logger)));
    return sealer;
  };
  return new ApprovalDesk(store.approvals, {
    sealer: { seal: (id, text) => lazy().seal(id, text), open: (id, held) => lazy().open(id, held) },
    ...(onPending ? { onPending } : {}),
  });
}
