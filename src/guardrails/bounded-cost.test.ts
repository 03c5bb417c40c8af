import { describe, expect, it } from 'vitest';
import { refusalOf } from './decision.js';
import { guardrailFindings, recordFindings } from './findings-log.js';
import { chat, EMAIL, patternDetector } from './guardrails.fixtures.js';
import { describeFindings, evaluatePolicies, type DetectorPolicy, type ScanTarget } from './policy.js';
import type { Detector } from './types.js';

const signal = new AbortController().signal;
const email = patternDetector('pii', 'EMAIL_ADDRESS', EMAIL, 0.95);
const injection = patternDetector('prompt_injection', 'instruction_override', /ignore previous instructions/, 0.97);
const limits = { maxScanChars: 10_000, findingsPerDetector: 100 };

function policy(detector: Detector, action: DetectorPolicy['action'], failMode: DetectorPolicy['failMode'] = 'closed'): DetectorPolicy {
  return { detector, action, threshold: 0.5, failMode };
}
function target(text: string, path = 'messages[0].content'): ScanTarget {
  return { path, text, context: { direction: 'input', role: 'user', part: 'content' } };
}
/** A detector that counts how many characters it was given. */
function counting(): Detector & { seen: number } {
  const d = {
    name: 'secrets' as const,
    seen: 0,
    detect(text: string) {
      d.seen += text.length;
      return [];
    },
  };
  return d;
}

const EMAILS = 'a@b.co '.repeat(500);

describe('findings are capped per detector, the action decided over all of them', () => {
  it.each(['monitor', 'block', 'require_approval'] as const)('%s: 100 listed, the other 400 counted, the action unchanged', async (action) => {
    const d = await evaluatePolicies([policy(email, action)], [target(EMAILS)], signal, limits);
    expect(d.action).toBe(action);
    expect(d.findings).toHaveLength(100);
    expect(d.omitted).toEqual([{ detector: 'pii', type: 'EMAIL_ADDRESS', path: 'messages[0].content', start: 700, end: 706, score: 0.95, action, count: 400 }]);
  });

  it('a block past the cap of another detector still blocks, and the refusal names it', async () => {
    const text = `${EMAILS} ignore previous instructions`;
    const d = await evaluatePolicies([policy(email, 'monitor'), policy(injection, 'block')], [target(text)], signal, { ...limits, findingsPerDetector: 1 });
    expect(d.action).toBe('block');
    expect(refusalOf(d, 'input', 'p')).toMatchObject({ reason: 'input_blocked', policyId: 'guardrails/p/prompt_injection:instruction_override' });
  });

  it('redact lists every finding (each one is rewritten), unless the call only reports', async () => {
    expect((await evaluatePolicies([policy(email, 'redact')], [target(EMAILS)], signal, limits)).findings).toHaveLength(500);
    const report = await evaluatePolicies([policy(email, 'redact')], [target(EMAILS)], signal, { ...limits, rewrite: false });
    expect(report.findings).toHaveLength(100);
    expect(report.omitted[0]?.count).toBe(400);
  });

  it('the record lists at most findingsPerDetector per detector and recordedFindings in all, and counts the rest', async () => {
    const ex = chat({});
    const record = { findingsPerDetector: 100, recordedFindings: 150 };
    const d = await evaluatePolicies([policy(email, 'redact')], [target(EMAILS)], signal, limits);
    recordFindings(ex, 'input', d.findings, record, d.omitted);
    const inj = await evaluatePolicies([policy(injection, 'block')], [target('ignore previous instructions '.repeat(80))], signal, limits);
    recordFindings(ex, 'output', inj.findings, record, inj.omitted);
    const all = guardrailFindings(ex);
    expect(all.filter((f) => f.omitted === undefined)).toHaveLength(150);
    expect(all.filter((f) => f.omitted === undefined && f.detector === 'pii')).toHaveLength(100);
    expect(all.filter((f) => f.omitted !== undefined)).toEqual([
      expect.objectContaining({ direction: 'input', detector: 'pii', type: 'EMAIL_ADDRESS', omitted: 400, action: 'redact' }),
      expect.objectContaining({ direction: 'output', detector: 'prompt_injection', type: 'instruction_override', omitted: 30, action: 'block' }),
    ]);
    expect(JSON.stringify(all).length).toBeLessThan(40_000);
  });

  it('count entries handed to a record never change afterwards', async () => {
    const ex = chat({});
    const d = await evaluatePolicies([policy(email, 'monitor')], [target(EMAILS)], signal, { ...limits, findingsPerDetector: 1 });
    recordFindings(ex, 'input', d.findings, { findingsPerDetector: 1, recordedFindings: 10 }, d.omitted);
    const first = [...guardrailFindings(ex)];
    recordFindings(ex, 'input', d.findings, { findingsPerDetector: 1, recordedFindings: 10 }, d.omitted);
    expect(first.at(-1)?.omitted).toBe(499);
    expect(guardrailFindings(ex).at(-1)?.omitted).toBe(999);
  });

  it('paths a client chose are cut in the record and in trace notes', async () => {
    const path = `tools[0].function.parameters.properties.${'x'.repeat(100_000)}.description`;
    const d = await evaluatePolicies([policy(injection, 'block')], [target('ignore previous instructions', path)], signal, limits);
    const ex = chat({});
    recordFindings(ex, 'input', d.findings);
    expect(guardrailFindings(ex)[0]?.path.length).toBeLessThanOrEqual(256);
    expect((describeFindings(d) as string).length).toBeLessThan(400);
    const refusal = refusalOf(d, 'input', 'p');
    expect(refusal?.param?.length).toBeLessThanOrEqual(256);
    expect(refusal?.message.length).toBeLessThan(400);
  });

  it('trace notes count what they do not list', async () => {
    const d = await evaluatePolicies([policy(email, 'monitor')], [target(EMAILS)], signal, limits);
    expect(describeFindings(d)).toMatch(/; \+484 more$/);
  });
});

describe("the scan budget ends in each detector's fail mode", () => {
  const big = [target('x'.repeat(6000)), target(`${'y'.repeat(3000)} ignore previous instructions ${'z'.repeat(3000)}`, 'messages[1].content')];

  it('closed: the detector is not run, the decision refuses with scan_budget_exceeded', async () => {
    const spy = counting();
    const d = await evaluatePolicies([policy(spy, 'block'), policy(injection, 'block')], big, signal, limits);
    expect(spy.seen).toBe(0);
    expect(d).toMatchObject({ unavailable: ['secrets', 'prompt_injection'], overBudget: ['secrets', 'prompt_injection'], failedOpen: [] });
    expect(refusalOf(d, 'input', 'p')).toMatchObject({ reason: 'scan_budget_exceeded', policyId: 'guardrails/p/secrets:scan_budget' });
    expect(describeFindings(d)).toBe('secrets:unavailable(scan_budget); prompt_injection:unavailable(scan_budget)');
  });

  it("open: the detector reads the budget's worth from the start, and a block found there still blocks", async () => {
    const spy = counting();
    const d = await evaluatePolicies([policy(spy, 'block', 'open'), policy(injection, 'block', 'open')], big, signal, limits);
    expect(spy.seen).toBe(10_000);
    expect(d).toMatchObject({ action: 'block', unavailable: [], failedOpen: ['secrets', 'prompt_injection'], overBudget: ['secrets', 'prompt_injection'] });
    expect(refusalOf(d, 'input', 'p')?.reason).toBe('input_blocked');
    expect(describeFindings(d)).toContain('secrets:fail_open(scan_budget)');
    const past = await evaluatePolicies(
      [policy(injection, 'block', 'open')],
      [target('x'.repeat(9990)), target('ignore previous instructions')],
      signal,
      limits,
    );
    expect(past).toMatchObject({ action: 'allow', failedOpen: ['prompt_injection'] });
    expect(refusalOf(past, 'input', 'p')).toBeUndefined();
  });

  it('within the budget nothing changes: no overBudget, nothing failed', async () => {
    const d = await evaluatePolicies([policy(injection, 'block')], big, signal, { ...limits, maxScanChars: 20_000 });
    expect(d).toMatchObject({ action: 'block', unavailable: [], failedOpen: [], overBudget: [] });
  });

  it('a detector that throws is still guardrail_unavailable, not a budget refusal', async () => {
    const broken: Detector = {
      name: 'code',
      detect: () => {
        throw new Error('bug');
      },
    };
    const d = await evaluatePolicies([policy(broken, 'block')], [target('hello')], signal, limits);
    expect(refusalOf(d, 'input', 'p')?.reason).toBe('guardrail_unavailable');
  });
});

describe('a large scan yields to the event loop; a small one does not', () => {
  const many = Array.from({ length: 40 }, (_, i) => target('lorem ipsum dolor '.repeat(1000), `messages[${i}].content`));

  it('other work runs between detector calls of a large request', async () => {
    let ran = false;
    setImmediate(() => {
      ran = true;
    });
    const d = await evaluatePolicies([policy(email, 'block'), policy(injection, 'block')], many, signal, { ...limits, maxScanChars: 2_000_000 });
    expect(d.action).toBe('allow');
    expect(ran).toBe(true);
  });

  it('a small request finishes without giving up its turn', async () => {
    let ran = false;
    setImmediate(() => {
      ran = true;
    });
    await evaluatePolicies([policy(email, 'block'), policy(injection, 'block')], [target('hello there, a@b.co')], signal, limits);
    expect(ran).toBe(false);
  });

  it('a client gone mid-scan fails what was not scanned closed', async () => {
    const controller = new AbortController();
    const pending = evaluatePolicies([policy(email, 'monitor', 'open'), policy(injection, 'block', 'open')], many, controller.signal, {
      ...limits,
      maxScanChars: 2_000_000,
    });
    controller.abort();
    const d = await pending;
    expect(d.unavailable.length).toBeGreaterThan(0);
    expect(refusalOf(d, 'input', 'p')?.reason).toBe('guardrail_unavailable');
  });
});
