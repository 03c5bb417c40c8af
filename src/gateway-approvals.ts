import { ApprovalDesk, type HeldSealer } from './approvals/desk.js';
import { cipherSealer } from './approvals/sealer.js';
import type { Approval } from './approvals/types.js';
import { createWebhookNotifier } from './approvals/webhook.js';
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
export function openApprovalDesk(config: GatehouseConfig, store: Store, resolveSecret: SecretResolver, logger: Logger, notify = false): ApprovalDesk {
  const onPending = notify ? pendingNotifier(config, resolveSecret, logger) : undefined;
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

/**
 * The webhook announcing new pending approvals (approvals.webhook), read at start: a changed URL or secret
 * needs a restart. Its secret is resolved here, so a missing one fails the start rather than the first hold.
 */
function pendingNotifier(config: GatehouseConfig, resolveSecret: SecretResolver, logger: Logger): ((approval: Approval) => void) | undefined {
  const hook = config.approvals.webhook;
  if (!hook) return undefined;
  const notifier = createWebhookNotifier({ url: hook.url, secret: hook.secret && resolveSecret(hook.secret), maxAttempts: hook.maxAttempts, logger });
  return (approval) => notifier.notify(approval);
}
