import type { SecretResolver } from '../config/secrets.js';
import type { Provider } from '../providers/contract.js';
import type { ModelEntry } from '../routing/model-registry.js';
import { createDetector } from '../guardrails/detectors/index.js';
import { createClassifierDetector, type ClassifierPools } from '../guardrails/detectors/classifier/index.js';
import { createLlmJudgeDetector } from '../guardrails/detectors/llm-judge/index.js';
import { createWebhookDetector } from '../guardrails/detectors/webhook/index.js';
import type { DetectorFactory } from '../guardrails/profile.js';

/**
 * The detector factory of a runtime with guardrail profiles. Its own module because it imports every
 * detector: runtime.ts imports it dynamically, only for a configuration that has profiles (see buildRuntime).
 */

interface Closeable {
  close(): Promise<void>;
}

/** What the calling-out detectors need from the runtime being built. */
export interface DetectorContext {
  resolveSecret: SecretResolver;
  providers: ReadonlyMap<string, Provider>;
  models: ReadonlyMap<string, ModelEntry>;
  /** Collects what a detector holds open, for closeRuntime. */
  resources: Closeable[];
  /** Folder of the config file: a classifier's model path resolves against it. */
  baseDir: string;
  /** Classifier worker pools: policies on the same model share one, across runtimes too. */
  classifierPools: ClassifierPools;
}

/** Built-in detectors, and the calling-out ones wired to this runtime's secrets, providers and models. */
export function detectorFactory(context: DetectorContext): DetectorFactory {
  return function createRuntimeDetector(name, options) {
    if (name === 'webhook') {
      const detector = createWebhookDetector(options, { resolveSecret: context.resolveSecret });
      context.resources.push(detector);
      return detector;
    }
    if (name === 'classifier') {
      const detector = createClassifierDetector(options, { baseDir: context.baseDir, pools: context.classifierPools });
      context.resources.push(detector);
      return detector;
    }
    if (name === 'llm_judge') return createLlmJudgeDetector(options, { providers: context.providers, models: context.models });
    return createDetector(name, Object.keys(options).length === 0 ? undefined : options);
  };
}
