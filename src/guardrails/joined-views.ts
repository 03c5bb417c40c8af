import type { DetectorPolicy, PolicyDecision, PolicyFinding, ScanLimits, ScanTarget } from './policy.js';
import { evaluatePolicies, stricter } from './policy.js';
import type { PieceGroup } from './request-targets.js';
import type { DetectorName } from './types.js';

/** Detectors whose subject can be cut into pieces: an instruction, a credential, a marked word. */
const JOINED_DETECTORS: ReadonlySet<DetectorName> = new Set(['prompt_injection', 'secrets', 'keywords', 'canary']);

/**
 * A joined view longer than this is read in windows of this many characters, each overlapping the previous
 * by WINDOW_OVERLAP: a split payload up to that long is seen whole wherever it sits; the cost stays linear.
 */
const WINDOW = 32_768;
const WINDOW_OVERLAP = 1_024;

/**
 * Both joins are read: with a space (pieces split at word boundaries: "Ignore previous" + "instructions")
 * and with nothing (pieces split inside a word, down to one character a message). A space never glues two
 * words into a third; the empty join can, which is why its findings count only when they cross a boundary.
 */
const SEPARATORS = [' ', ''];

interface Window {
  target: ScanTarget;
  /** Offset of the window in its joined text. */
  offset: number;
  /** Start of each piece in the joined text, and the piece's target index. */
  starts: number[];
  ends: number[];
  pieces: readonly number[];
}

/**
 * Reads each group of pieces joined, with the detectors that look for split payloads, and adds to `decision`
 * only the findings that cross a piece boundary and that no piece's own scan already reported for that
 * detector: the record lists a payload once. Joined views are read-only targets, appended to `scanned`, so a
 * redact finding on one escalates to block.
 */
export async function scanJoined(
  policies: readonly DetectorPolicy[],
  groups: readonly PieceGroup[],
  targets: readonly ScanTarget[],
  scanned: ScanTarget[],
  decision: PolicyDecision,
  signal: AbortSignal,
  limits?: ScanLimits,
): Promise<void> {
  if (groups.length === 0) return;
  const joinedPolicies = policies.filter((p) => JOINED_DETECTORS.has(p.detector.name));
  if (joinedPolicies.length === 0) return;
  const windows: Window[] = [];
  for (const group of groups) for (const separator of SEPARATORS) joinGroup(group, separator, targets, windows);
  const joined = await evaluatePolicies(
    joinedPolicies,
    windows.map((w) => w.target),
    signal,
    limits,
  );
  const seen = new Set(decision.findings.map((f) => `${f.detector}\u0000${f.path}`));
  const kept = new Set<string>();
  const base = scanned.length;
  for (const w of windows) scanned.push(w.target);
  for (const f of joined.findings) {
    const w = windows[f.target] as Window;
    const overlapped = piecesUnder(w, w.offset + f.start, w.offset + f.end);
    if (overlapped.length < 2) continue;
    if (overlapped.some((p) => seen.has(`${f.detector}\u0000${(targets[p] as ScanTarget).path}`))) continue;
    const key = `${f.detector}\u0000${f.type}\u0000${f.path}`;
    if (kept.has(key)) continue;
    kept.add(key);
    const finding: PolicyFinding = { ...f, target: base + f.target };
    decision.findings.push(finding);
    decision.action = stricter(decision.action, f.action);
  }
  for (const name of joined.unavailable) if (!decision.unavailable.includes(name)) decision.unavailable.push(name);
  for (const name of joined.failedOpen) if (!decision.failedOpen.includes(name)) decision.failedOpen.push(name);
  for (const name of joined.overBudget) if (!decision.overBudget.includes(name)) decision.overBudget.push(name);
  // Findings past the cap in a joined view are not added to `omitted`: most repeat the pieces' own, already counted.
}

function joinGroup(group: PieceGroup, separator: string, targets: readonly ScanTarget[], out: Window[]): void {
  const texts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let at = 0;
  for (const p of group.pieces) {
    const text = pieceText(targets[p] as ScanTarget);
    if (texts.length > 0) at += separator.length;
    starts.push(at);
    texts.push(text);
    at += text.length;
    ends.push(at);
  }
  const joined = texts.join(separator);
  const context = { direction: 'input' as const, part: 'joined' };
  for (let offset = 0; ; offset += WINDOW - WINDOW_OVERLAP) {
    const text = offset === 0 && joined.length <= WINDOW ? joined : joined.slice(offset, offset + WINDOW);
    out.push({ target: { path: group.path, text, context }, offset, starts, ends, pieces: group.pieces });
    if (offset + WINDOW >= joined.length) break;
  }
}

/**
 * A piece as it joins the others. Tool-call arguments are JSON: their string values are what a split payload
 * is spread over (`{"q":"Please ignore"}`, `{"q":"all previous"}`), so they join as those values; anything
 * that is not a JSON object or array joins as written.
 */
function pieceText(target: ScanTarget): string {
  if (target.context.part !== 'tool_arguments') return target.text;
  const first = target.text.trimStart()[0];
  if (first !== '{' && first !== '[') return target.text;
  try {
    const values: string[] = [];
    collectStrings(JSON.parse(target.text) as unknown, values, 0);
    return values.length > 0 ? values.join(' ') : target.text;
  } catch {
    return target.text;
  }
}

function collectStrings(value: unknown, out: string[], depth: number): void {
  if (typeof value === 'string') out.push(value);
  else if (depth < 64 && Array.isArray(value)) for (const v of value) collectStrings(v, out, depth + 1);
  else if (depth < 64 && value !== null && typeof value === 'object') for (const v of Object.values(value)) collectStrings(v, out, depth + 1);
}

/** Target indexes of the pieces a span [start, end) of the joined text touches. */
function piecesUnder(w: Window, start: number, end: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < w.pieces.length; i++) {
    if ((w.starts[i] as number) < end && (w.ends[i] as number) > start) out.push(w.pieces[i] as number);
  }
  return out;
}
