import type { ControlView } from '../../control/state.js';
import type { Stage } from '../../core/stage.js';

/** Kill switches (issue 6). IN PROGRESS: returns undefined until built, so nothing is stopped yet. */
export function createTrafficControlStage(controls: ControlView): Stage | undefined {
  void controls;
  return undefined;
}
