import { decodeSegments } from './detectors/encoding/index.js';
import { revealHidden } from './detectors/unicode/index.js';
import { inheritKeyMask } from './leaf-targets.js';
import type { PolicyDecision, ScanTarget } from './policy.js';
import type { TextRevealer } from './profile.js';

/** What tag characters hide (ASCII smuggled in U+E0020..U+E007E), for the other detectors to read. */
export const revealTagText: TextRevealer = (text) => {
  const hidden = revealHidden(text);
  return hidden === null ? [] : [hidden];
};

/** The decoded text of base64, hex, URL-encoded and rot13 segments. */
export const decodeEncodedText: TextRevealer = (text) => decodeSegments(text).map((s) => s.decoded);

/** The revealers the input stage uses unless told otherwise. */
export const DEFAULT_REVEALERS: readonly TextRevealer[] = [revealTagText, decodeEncodedText];

/**
 * Each target's revealed views, as extra targets with the same path and context. They have no `replace`:
 * a finding in a view cannot be mapped back onto the original, so redact escalates to block there.
 */
export function revealedTargets(targets: readonly ScanTarget[], revealers: readonly TextRevealer[]): ScanTarget[] {
  const out: ScanTarget[] = [];
  for (const target of targets) {
    for (const reveal of revealers) {
      for (const text of reveal(target.text)) {
        if (text === target.text || text.length === 0) continue;
        const view: ScanTarget = { path: target.path, text, context: target.context };
        inheritKeyMask(target, view);
        out.push(view);
      }
    }
  }
  return out;
}

// Detectors that read the decoded views themselves (guardrails/views) and report on the original's span.
const SELF_DECODING = new Set(['secrets', 'canary']);

/**
 * A secret in a base64 segment is found twice: on the original, mapped to the encoded span (redactable),
 * and on the revealed view (not redactable, so it would escalate to block). The second adds nothing.
 * `originals` is how many of the scanned targets come before the revealed ones.
 */
export function dropDecodedDuplicates(decision: PolicyDecision, originals: number): void {
  const covered = new Set<string>();
  for (const f of decision.findings)
    if (f.target < originals && f.action === 'redact' && SELF_DECODING.has(f.detector)) covered.add(`${f.detector}\u0000${f.path}`);
  if (covered.size === 0) return;
  decision.findings = decision.findings.filter((f) => f.target < originals || f.action !== 'redact' || !covered.has(`${f.detector}\u0000${f.path}`));
}
