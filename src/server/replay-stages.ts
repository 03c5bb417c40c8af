import type { BuildReplayStages, ReplayStages } from '../audit/replay.js';
import { buildReplayGuardrails } from '../stages/index.js';
import { buildRuntime, closeRuntime } from './runtime.js';

/**
 * Builds the input and output guardrail stages `gatehouse replay` re-runs, from a runtime made for the
 * replayed configuration (detectors, profiles, llm_judge providers); closing them closes that runtime.
 */
export const buildReplayStages: BuildReplayStages = async (config, configHash, deps): Promise<ReplayStages> => {
  const runtime = await buildRuntime(config, configHash, deps);
  const stages = runtime.guardrails ? buildReplayGuardrails(runtime.guardrails) : null;
  return {
    input: stages?.input ?? null,
    output: stages?.output ?? null,
    close: () => closeRuntime(runtime),
  };
};
