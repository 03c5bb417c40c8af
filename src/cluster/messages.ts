/** The supervision messages between the primary and its workers (the shared services have their own topics). */
export const CLUSTER_TOPIC = 'cluster';

/** The change signal of identities, credentials and signing keys (control/ipc-signal.ts over its own topic). */
export const IDENTITY_TOPIC = 'identity';

export interface ClusterMessage {
  readonly gh: typeof CLUSTER_TOPIC;
  /** Worker to primary: listening, at this URL. */
  readonly ready?: string;
  readonly pid?: number;
  /** Worker to primary: the start failed (then it exits); `code` is the errno code of a listen error. */
  readonly failed?: { code: string | null; name: string; message: string };
  /** Primary to worker: drain and exit. */
  readonly stop?: true;
}
