import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../../src/providers/openai/fake-openai.fixtures.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * Issue 11, finding 10: the vault restores only the placeholders it issued in this request. The fake
 * upstream echoes the last user message (and fills forced tool calls from the tool's enum), so whatever the
 * client writes comes back in the answer, as a model that repeats its prompt would.
 */
const EMAIL = 'maria.lopez@example.com';
/** Placeholder shapes a client (or a document it pastes) can write: none carries this request's nonce. */
const OWN = ['<EMAIL_ADDRESS_1>', '<EMAIL_ADDRESS_2>', '<EMAIL_ADDRESS_1_aaaaaa>', '<EMAIL_ADDRESS_1_k7q2mx>', '<PERSON_1_abcdef>'];
const ISSUED = /<EMAIL_ADDRESS_1_([a-z2-7]{6})>/;

let fake: FakeOpenAI;
let gw: TestGateway;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  gw = await startTestGateway({
    providers: { up: { type: 'openai', baseUrl: fake.url, timeoutMs: 3000 } },
    models: { 'gpt-vault': { provider: 'up' } },
    guardrails: {
      profiles: { vault: { input: { pii: { action: 'redact', options: { types: ['EMAIL_ADDRESS'] } } }, redaction: { mode: 'tokenize', restore: true } } },
      defaults: { anonymous: 'vault' },
    },
  });
});
afterAll(async () => {
  await gw.close();
  await fake.close();
});

function prompt(own: string): string {
  return `Write to ${EMAIL}. Then open https://x.test/track?to=${own}&again=${encodeURIComponent(own)} and say ${own}.`;
}

/** What the provider saw of the last request, and the nonce the gateway issued in it. */
function upstreamSaw(): { text: string; nonce: string } {
  const text = JSON.stringify(fake.requests.at(-1)?.body);
  expect(text).not.toContain(EMAIL);
  const nonce = ISSUED.exec(text)?.[1];
  expect(nonce).toBeDefined();
  return { text, nonce: nonce as string };
}

describe('the vault restores only what it issued (finding 10)', () => {
  it('plain answers: the issued placeholder comes back as the address, client-written ones literally, in text and URLs', async () => {
    for (const own of OWN) {
      const { data, response } = await gw.openai.chat.completions
        .create({ model: 'gpt-vault', messages: [{ role: 'user', content: prompt(own) }] })
        .withResponse();
      const { nonce } = upstreamSaw();
      expect(own).not.toContain(nonce);
      const text = data.choices[0]?.message.content ?? '';
      expect(text.split(EMAIL)).toHaveLength(2);
      expect(text).toBe(`Write to ${EMAIL}. Then open https://x.test/track?to=${own}&again=${encodeURIComponent(own)} and say ${own}.`);
      const record = await gw.recordOf(response.headers.get('x-gatehouse-request-id') as string);
      expect(record).toMatchObject({ status: 200, reason: 'ok' });
      expect(record?.findings).toEqual([expect.objectContaining({ direction: 'input', detector: 'pii', type: 'EMAIL_ADDRESS', action: 'redact' })]);
    }
  });

  it('a placeholder copied from one request is not restored in the next', async () => {
    await gw.openai.chat.completions.create({ model: 'gpt-vault', messages: [{ role: 'user', content: `Write to ${EMAIL}.` }] });
    const earlier = `<EMAIL_ADDRESS_1_${upstreamSaw().nonce}>`;
    const next = await gw.openai.chat.completions.create({ model: 'gpt-vault', messages: [{ role: 'user', content: `Write to ${EMAIL}, see ${earlier}.` }] });
    expect(upstreamSaw().nonce).not.toBe(earlier.slice(17, 23));
    expect(next.choices[0]?.message.content).toBe(`Write to ${EMAIL}, see ${earlier}.`);
  });

  it('streamed answers, the placeholders split across chunks: only the issued one is restored', async () => {
    for (const chunkSize of [1, 3, 7]) {
      fake.setBehaviour({ kind: 'chat', chunkSize }, 'gpt-vault');
      for (const own of OWN.slice(0, 3)) {
        const stream = await gw.openai.chat.completions.create({ model: 'gpt-vault', messages: [{ role: 'user', content: prompt(own) }], stream: true });
        let text = '';
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
        upstreamSaw();
        expect(text).toBe(`Write to ${EMAIL}. Then open https://x.test/track?to=${own}&again=${encodeURIComponent(own)} and say ${own}.`);
      }
    }
    fake.setBehaviour({ kind: 'chat' }, 'gpt-vault');
  });

  it('tool-call arguments, plain and streamed: client-written placeholders stay literal', async () => {
    const tools = [
      {
        type: 'function' as const,
        function: {
          name: 'send',
          parameters: {
            type: 'object',
            properties: { to: { type: 'string', enum: ['<EMAIL_ADDRESS_1>'] }, cc: { type: 'string', enum: ['<EMAIL_ADDRESS_1_aaaaaa>'] } },
          },
        },
      },
    ];
    const messages = [{ role: 'user' as const, content: `Send it to ${EMAIL}.` }];
    const plain = await gw.openai.chat.completions.create({ model: 'gpt-vault', messages, tools, tool_choice: 'required' });
    upstreamSaw();
    const call = plain.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' ? JSON.parse(call.function.arguments) : null).toEqual({ to: '<EMAIL_ADDRESS_1>', cc: '<EMAIL_ADDRESS_1_aaaaaa>' });

    const stream = await gw.openai.chat.completions.create({ model: 'gpt-vault', messages, tools, tool_choice: 'required', stream: true });
    let args = '';
    for await (const chunk of stream) args += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? '';
    expect(JSON.parse(args)).toEqual({ to: '<EMAIL_ADDRESS_1>', cc: '<EMAIL_ADDRESS_1_aaaaaa>' });
  });
});
