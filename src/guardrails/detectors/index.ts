import { createExfiltrationDetector, type ExfiltrationOptions } from '../render/exfiltration.js';
import { createRenderDetector } from '../render/detector.js';
import type { RenderOptions } from '../render/options.js';
import type { Detector, DetectorName } from '../types.js';
import { createCanaryDetector, type CanaryDetectorOptions } from './canary/index.js';
import { createCodeDetector, type CodeDetectorOptions } from './code/index.js';
import { createEncodingDetector, type EncodingDetectorOptions } from './encoding/index.js';
import { createJsonSchemaDetector, type JsonSchemaDetectorOptions } from './json-schema/index.js';
import { createKeywordsDetector, type KeywordsDetectorOptions } from './keywords/index.js';
import { createPiiDetector, type PiiDetectorOptions } from './pii/index.js';
import { createPromptInjectionDetector, type PromptInjectionOptions } from './prompt-injection/index.js';
import { createRefusalDetector, type RefusalDetectorOptions } from './refusal/index.js';
import { createRegexDetector, type RegexDetectorOptions } from './regex/index.js';
import { createSecretsDetector } from './secrets/index.js';
import { createTopicsDetector, type TopicsDetectorOptions } from './topics/index.js';
import { createUnicodeDetector, type UnicodeDetectorOptions } from './unicode/index.js';
import { createUrlsDetector, type UrlsDetectorOptions } from './urls/index.js';

/**
 * Registry of the synchronous, built-in detectors: one name, one factory. `webhook`, `llm_judge` and `classifier` are
 * AsyncDetectors built elsewhere; asking this registry for them, or for a misspelled name, throws at
 * configuration time rather than silently skipping the check.
 */

export interface DetectorOptionsMap {
  prompt_injection: PromptInjectionOptions | undefined;
  unicode: UnicodeDetectorOptions | undefined;
  encoding: EncodingDetectorOptions | undefined;
  pii: PiiDetectorOptions | undefined;
  secrets: undefined;
  keywords: KeywordsDetectorOptions | undefined;
  regex: RegexDetectorOptions;
  topics: TopicsDetectorOptions;
  code: CodeDetectorOptions | undefined;
  urls: UrlsDetectorOptions;
  canary: CanaryDetectorOptions | undefined;
  json_schema: JsonSchemaDetectorOptions;
  refusal: RefusalDetectorOptions | undefined;
  render: RenderOptions | undefined;
  exfiltration: ExfiltrationOptions | undefined;
}

export type BuiltinDetectorName = keyof DetectorOptionsMap;

type Factory = (options: never) => Detector;

const FACTORIES: { readonly [N in BuiltinDetectorName]: (options: DetectorOptionsMap[N]) => Detector } = {
  prompt_injection: (o) => createPromptInjectionDetector(o),
  unicode: (o) => createUnicodeDetector(o),
  encoding: (o) => createEncodingDetector(o),
  pii: (o) => createPiiDetector(o),
  secrets: () => createSecretsDetector(),
  keywords: (o) => createKeywordsDetector(o),
  regex: (o) => createRegexDetector(o),
  topics: (o) => createTopicsDetector(o),
  code: (o) => createCodeDetector(o),
  urls: (o) => createUrlsDetector(o),
  canary: (o) => createCanaryDetector(o),
  json_schema: (o) => createJsonSchemaDetector(o),
  refusal: (o) => createRefusalDetector(o),
  render: (o) => createRenderDetector(o),
  exfiltration: (o) => createExfiltrationDetector(o),
};

/** Names `createDetector` can build, in registry order. */
export const BUILTIN_DETECTORS = Object.keys(FACTORIES) as BuiltinDetectorName[];

/** True when `name` is a built-in synchronous detector. */
export function isBuiltinDetector(name: string): name is BuiltinDetectorName {
  return Object.hasOwn(FACTORIES, name);
}

/**
 * Builds a detector by name. Options are validated by the detector's factory; an unknown name or bad
 * options throw, so a configuration mistake stops the gateway at start instead of disabling a check.
 */
export function createDetector<N extends BuiltinDetectorName>(name: N, ...options: OptionsArgs<N>): Detector;
export function createDetector(name: DetectorName | string, options?: unknown): Detector;
export function createDetector(name: string, options?: unknown): Detector {
  if (!isBuiltinDetector(name)) throw new TypeError(`unknown synchronous detector "${name}"`);
  return (FACTORIES[name] as Factory)(options as never);
}

type OptionsArgs<N extends BuiltinDetectorName> = undefined extends DetectorOptionsMap[N]
  ? [options?: DetectorOptionsMap[N]]
  : [options: DetectorOptionsMap[N]];

export { createCanaryDetector, makeCanary } from './canary/index.js';
export type { CanaryDetector } from './canary/index.js';
export { createCodeDetector } from './code/index.js';
export { createEncodingDetector, decodeSegments } from './encoding/index.js';
export type { DecodedSegment } from './encoding/index.js';
export { createJsonSchemaDetector, validateJson } from './json-schema/index.js';
export type { JsonValidationResult, JsonValidationError } from './json-schema/index.js';
export { createKeywordsDetector, DEFAULT_KEYWORD_LISTS } from './keywords/index.js';
export { createRefusalDetector } from './refusal/index.js';
export { createRegexDetector } from './regex/index.js';
export { createTopicsDetector } from './topics/index.js';
export { createUnicodeDetector, revealHidden } from './unicode/index.js';
export { createUrlsDetector } from './urls/index.js';
export { createPromptInjectionDetector } from './prompt-injection/index.js';
export { createSecretsDetector } from './secrets/index.js';
export { createPiiDetector } from './pii/index.js';
export type {
  CanaryDetectorOptions,
  CodeDetectorOptions,
  EncodingDetectorOptions,
  JsonSchemaDetectorOptions,
  KeywordsDetectorOptions,
  RefusalDetectorOptions,
  RegexDetectorOptions,
  TopicsDetectorOptions,
  UnicodeDetectorOptions,
  UrlsDetectorOptions,
};
