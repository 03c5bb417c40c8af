import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { BUILTIN_DETECTORS, createDetector, isBuiltinDetector } from '../../guardrails/detectors/index.js';
import type { Detector, Finding } from '../../guardrails/types.js';

/**
 * Exit statuses of `gatehouse scan`: 1 when any input line was invalid (not JSON, or no string `text`;
 * every valid line is still scanned and answered), 2 when nothing could be scanned (a detector name that
 * does not exist, or one that needs options).
 */
export const SCAN_EXIT = { ok: 0, invalidLines: 1, cannotScan: 2 } as const;

/** Detectors that need no options: what `gatehouse scan` runs when --detectors is not given. */
const OPTIONLESS = ['prompt_injection', 'unicode', 'encoding', 'pii', 'secrets', 'keywords', 'code', 'refusal'];

/** One output line per input line: findings with spans, and the highest score per detector. */
export interface ScanLine {
  findings: Array<Pick<Finding, 'detector' | 'type' | 'score' | 'start' | 'end'>>;
  scores: Record<string, number>;
}

/** Runs `detectors` on one text. Findings keep their spans; evidence stays out of the output. */
export function scanText(text: string, detectors: readonly Detector[]): ScanLine {
  const findings: ScanLine['findings'] = [];
  const scores: Record<string, number> = {};
  for (const detector of detectors) {
    scores[detector.name] = 0;
    for (const f of detector.detect(text, { direction: 'input', role: 'user', part: 'content' })) {
      findings.push({ detector: f.detector, type: f.type, score: f.score, start: f.start, end: f.end });
      if (f.score > (scores[detector.name] ?? 0)) scores[detector.name] = f.score;
    }
  }
  return { findings, scores };
}

/**
 * `gatehouse scan`: JSON Lines `{"text": ...}` on stdin, one result line per input line on stdout, so apps
 * that do not proxy through the gateway (and `npm run eval`) can use the same detectors. A malformed line
 * gets `{"error": ...}` and the scan goes on; at the end, stderr counts them and the exit status is 1.
 */
export function registerScanCommand(program: Command): void {
  program
    .command('scan')
    .description('scan JSON Lines {"text": ...} from stdin with the guardrail detectors; one result line each')
    .option('-d, --detectors <names>', `comma-separated detectors (default: ${OPTIONLESS.join(',')})`)
    .addHelpText(
      'after',
      '\nExit status: 0 every line scanned; 1 some input lines were invalid (each answered {"error": ...}, the valid ones still scanned); 2 cannot scan (unknown detector, or one that needs options).',
    )
    .action(async (options: { detectors?: string }) => {
      const names = options.detectors
        ? options.detectors
            .split(',')
            .map((n) => n.trim())
            .filter(Boolean)
        : OPTIONLESS.filter(isBuiltinDetector);
      const unknown = names.filter((n) => !isBuiltinDetector(n));
      if (unknown.length > 0) {
        process.stderr.write(`unknown detector(s): ${unknown.join(', ')}; available: ${BUILTIN_DETECTORS.join(', ')}\n`);
        process.exitCode = SCAN_EXIT.cannotScan;
        return;
      }
      let detectors: Detector[];
      try {
        detectors = names.map((n) => createDetector(n));
      } catch (err) {
        process.stderr.write(`${(err as Error).message} (detectors that need options, such as regex or urls, are configured in a guardrail profile)\n`);
        process.exitCode = SCAN_EXIT.cannotScan;
        return;
      }
      const invalid: number[] = [];
      let lineNo = 0;
      for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
        lineNo++;
        if (line.trim() === '') continue;
        const answer = scanLine(line, lineNo, detectors);
        if ('error' in answer) invalid.push(lineNo);
        process.stdout.write(`${JSON.stringify(answer)}\n`);
      }
      if (invalid.length > 0) {
        const listed = invalid.length > 20 ? `${invalid.slice(0, 20).join(', ')}, ...` : invalid.join(', ');
        process.stderr.write(`gatehouse scan: ${invalid.length} invalid input line(s) (line ${listed}); the others were scanned\n`);
        process.exitCode = SCAN_EXIT.invalidLines;
      }
    });
}

function scanLine(line: string, lineNo: number, detectors: readonly Detector[]): ScanLine | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { error: `line ${lineNo}: not valid JSON` };
  }
  const text = (value as { text?: unknown } | null)?.text;
  if (typeof text !== 'string') return { error: `line ${lineNo}: expected an object with a string "text"` };
  return scanText(text, detectors);
}
