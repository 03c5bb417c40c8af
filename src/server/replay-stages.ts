import type { BuildReplayStages, ReplayStages } from '../audit/replay.js';
import { createInputGuardrailsStage } from '../stages/input-guardrails/index.js';
import { createOutputGuardrailsStage } from '../stages/output-guardrails/index.js';
import { buildRuntime, closeRuntime } from './runtime.js';

/**
 * Builds the input and output guardrail stages `gatehouse replay` re-runs, from a runtime made for the
 * replayed configuration (detectors, profiles, llm_judge providers); closing them closes that runtime.
 */
export const buildReplayStages: BuildReplayStages = (config, configHash, deps): ReplayStages => {
  const runtime = buildRuntime(config, configHash, deps);
  const resolve = runtime.guardrails;
  return {
    input: resolve ? createInputGuardrailsStage(resolve) : null,
    output: resolve ? createOutputGuardrailsStage(resolve) : null,
    close: () => closeRuntime(runtime),
  };
};
