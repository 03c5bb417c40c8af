import type { Logger } from '../log/logger.js';
import type { Store } from '../storage/store.js';
import type { ControlView, StopEntry } from './state.js';

/**
 * The operator controls of one gateway process (IN PROGRESS, issue 6: held in memory only until the store
 * table lands, so the CLI and other replicas cannot see or change them yet).
 */
export interface ControlPlane extends ControlView {
  refresh(): Promise<void>;
  close(): void;
}

export async function startControlPlane(deps: { store: Store; refreshMs: number; logger: Logger }): Promise<ControlPlane> {
  void deps;
  const stops = new Map<string, StopEntry>();
  return {
    revision: 0,
    incident: false,
    stopped: (scope, target) => stops.get(`${scope}:${target}`),
    activeVersion: () => undefined,
    async refresh() {},
    close() {},
  };
}
