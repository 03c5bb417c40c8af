import type { DetectorPolicyConfig, GuardrailApprovalConfig, GuardrailsConfig } from '../config/schema-guardrails.js';
import type { Exchange } from '../core/exchange.js';
import type { ControlView } from '../control/state.js';
import type { DetectorPolicy, ScanLimits } from './policy.js';
import { contextualSchemaDetector } from './tool-schema.js';
import type { AsyncDetector, Detector, DetectorName } from './types.js';

/** Builds a detector from its name and options (detectors/index.ts `createDetector`); throws on bad options. */
export type DetectorFactory = (name: DetectorName, options: Record<string, unknown>) => Detector | AsyncDetector;

/**
 * Extra views of a text to scan as well: what the unicode detector reveals (tag characters, invisibles) and
 * what the encoding detector decodes (base64, hex, ...). Spans in these texts do not map onto the original.
 */
export type TextRevealer = (text: string) => readonly string[];

/** A profile ready to run: detectors built once per configuration version. */
export interface CompiledProfile {
  readonly name: string;
  readonly input: readonly DetectorPolicy[];
  readonly output: readonly DetectorPolicy[];
  readonly redaction: { readonly mode: 'mask' | 'tokenize'; readonly restore: boolean };
  readonly holdBackChars: number;
  /** What one request may cost this profile's detectors, and how many findings its record keeps. */
  readonly limits: ProfileLimits;
  /** The token to plant in system prompts when the output side has a canary policy that plants one. */
  readonly canary: string | undefined;
  /** Who may release a request an input require_approval policy held (the profile's `approval` block). */
  readonly approval: GuardrailApprovalConfig;
}

export interface ProfileLimits extends ScanLimits {
  /** Findings of all detectors, both directions, kept in the record; past it only counts. */
  readonly recordedFindings: number;
}

export type ProfileLookup =
  | { status: 'none' }
  | { status: 'found'; profile: CompiledProfile }
  /** The identity names a profile that does not exist (an API-created identity, say): fail closed. */
  | { status: 'unknown'; name: string };

export type ProfileResolver = (exchange: Exchange) => ProfileLookup;

export class GuardrailConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GuardrailConfigError';
  }
}

/** Builds every profile's detectors. Throws GuardrailConfigError when a detector rejects its options. */
export function compileProfiles(config: GuardrailsConfig, createDetector: DetectorFactory): Map<string, CompiledProfile> {
  const profiles = new Map<string, CompiledProfile>();
  for (const [name, p] of Object.entries(config.profiles)) {
    const output = buildPolicies(name, 'output', p.output, createDetector);
    profiles.set(name, {
      name,
      input: buildPolicies(name, 'input', p.input, createDetector),
      output,
      canary: plantToken(output),
      redaction: { mode: p.redaction.mode, restore: p.redaction.restore },
      holdBackChars: p.streaming.holdBackChars,
      limits: Object.freeze({ ...p.limits }),
      approval: p.approval,
    });
  }
  return profiles;
}

function buildPolicies(
  profile: string,
  side: string,
  entries: Partial<Record<DetectorName, DetectorPolicyConfig>>,
  createDetector: DetectorFactory,
): DetectorPolicy[] {
  const policies: DetectorPolicy[] = [];
  for (const [detector, policy] of Object.entries(entries) as Array<[DetectorName, DetectorPolicyConfig]>) {
    try {
      policies.push({
        detector: build(detector, policy.options, createDetector),
        action: policy.action,
        threshold: policy.threshold,
        failMode: policy.failMode,
      });
    } catch (err) {
      throw new GuardrailConfigError(`guardrails.profiles.${profile}.${side}.${detector}: ${(err as Error).message}`);
    }
  }
  return policies;
}

function plantToken(output: readonly DetectorPolicy[]): string | undefined {
  const canary = output.find((p) => p.detector.name === 'canary' && p.action !== 'allow')?.detector as { plantToken?: unknown } | undefined;
  return typeof canary?.plantToken === 'string' ? canary.plantToken : undefined;
}

/** json_schema needs no static schema: tool-call arguments are checked against the request's own tools. */
function build(name: DetectorName, options: Record<string, unknown>, createDetector: DetectorFactory): Detector | AsyncDetector {
  if (name !== 'json_schema') return createDetector(name, options);
  return contextualSchemaDetector(options.schema === undefined ? undefined : (createDetector(name, options) as Detector));
}

/**
 * Identity references to profiles that do not exist: config identities are checked at start, so a typo is
 * a config error, never a silently unguarded identity.
 */
export function unknownProfileReferences(config: GuardrailsConfig, identities: Record<string, { guardrailProfile?: string | undefined }>): string[] {
  const problems: string[] = [];
  for (const [id, identity] of Object.entries(identities)) {
    const name = identity.guardrailProfile;
    if (name !== undefined && !(name in config.profiles)) problems.push(`identities.${id}.guardrailProfile: unknown guardrail profile "${name}"`);
  }
  return problems;
}

/** Suffix of a profile's incident variant: guardrail traces and policy ids then read `guardrails/<name>@incident/...`. */
export const INCIDENT_SUFFIX = '@incident';

/**
 * The variant of a profile that incident mode runs: every policy enforces. monitor acts as block and a
 * fail-open detector fails closed; allow, redact, block and require_approval are unchanged. The detectors
 * are the same instances, so a variant costs a few objects, built once per configuration.
 */
export function incidentVariant(profile: CompiledProfile): CompiledProfile {
  const enforcing = (p: DetectorPolicy): DetectorPolicy => ({ ...p, action: p.action === 'monitor' ? 'block' : p.action, failMode: 'closed' });
  return { ...profile, name: `${profile.name}${INCIDENT_SUFFIX}`, input: profile.input.map(enforcing), output: profile.output.map(enforcing) };
}

/**
 * The profile of an exchange: the identity's own, else its environment's default; with auth off,
 * `defaults.anonymous` or none. While incident mode is on, its incident variant; turning incident mode
 * off returns exactly the configured profile.
 */
export function createProfileResolver(
  config: GuardrailsConfig,
  profiles: ReadonlyMap<string, CompiledProfile>,
  controls?: Pick<ControlView, 'incident'>,
): ProfileResolver {
  const incident = new Map([...profiles].map(([name, profile]) => [name, incidentVariant(profile)]));
  return function resolveGuardrailProfile(exchange: Exchange): ProfileLookup {
    const identity = exchange.principal?.identity;
    const name = identity ? (identity.guardrailProfile ?? config.defaults[identity.environment]) : config.defaults.anonymous;
    if (name === undefined || name === null) return { status: 'none' };
    const profile = (controls?.incident ? incident : profiles).get(name);
    return profile ? { status: 'found', profile } : { status: 'unknown', name };
  };
}

/** Compiles the section and returns its resolver; throws GuardrailConfigError on any bad reference or option. */
export function buildGuardrails(
  config: GuardrailsConfig,
  createDetector: DetectorFactory,
  identities: Record<string, { guardrailProfile?: string | undefined }> = {},
  controls?: Pick<ControlView, 'incident'>,
): ProfileResolver {
  const problems = unknownProfileReferences(config, identities);
  if (problems.length > 0) throw new GuardrailConfigError(problems.join('; '));
  return createProfileResolver(config, compileProfiles(config, createDetector), controls);
}

/** Options of the input and output guardrail stages. */
export interface GuardrailStageOptions {
  /** Decoded or revealed views of each text, scanned too. Default: unicode `revealHidden`, encoding `decodeSegments`. */
  revealers?: readonly TextRevealer[];
  /** false: shadow mode; verdicts are recorded, nothing is refused or rewritten. Default true. */
  enforce?: boolean;
  /**
   * Fields the gateway does not know that production callers may send (`documents`, `messages.reasoning_content`,
   * `messages.content.video_url`): forwarded and scanned. Any other unknown field is refused in production.
   */
  allowedExtraFields?: readonly string[];
}
