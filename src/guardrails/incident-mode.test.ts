import { describe, expect, it } from 'vitest';
import { guardrailsSchema } from '../config/schema-guardrails.js';
import { Pipeline } from '../core/pipeline.js';
import { createInputGuardrailsStage } from '../stages/input-guardrails/index.js';
import { chat, recordingRouter, testDetectors } from './guardrails.fixtures.js';
import { buildGuardrails } from './profile.js';

const EMAIL = 'mail ann.lee@example.com';
const section = guardrailsSchema.parse({
  profiles: {
    p: {
      input: {
        pii: { action: 'monitor' },
        keywords: { action: 'allow' },
        secrets: { action: 'redact' },
        webhook: { action: 'block', failMode: 'open', options: { fail: true } },
      },
    },
  },
  defaults: { anonymous: 'p' },
});

describe('incident mode in guardrail profiles', () => {
  const controls = { incident: false };
  const resolve = buildGuardrails(section, testDetectors, {}, controls);
  const profileOf = () => {
    const lookup = resolve(chat({}));
    if (lookup.status !== 'found') throw new Error('no profile');
    return lookup.profile;
  };
  const summary = () => profileOf().input.map((p) => `${p.detector.name}:${p.action}/${p.failMode}`);

  it('every policy enforces while it is on: monitor acts as block, fail-open as fail-closed; allow and redact stay', () => {
    const configured = profileOf();
    expect(configured.name).toBe('p');
    expect(summary()).toEqual(['pii:monitor/closed', 'keywords:allow/closed', 'secrets:redact/closed', 'webhook:block/open']);
    controls.incident = true;
    expect(profileOf().name).toBe('p@incident');
    expect(summary()).toEqual(['pii:block/closed', 'keywords:allow/closed', 'secrets:redact/closed', 'webhook:block/closed']);
    // Built once per configuration: the same variant object each time, with the same detector instances.
    expect(profileOf()).toBe(profileOf());
    expect(profileOf().input[0]?.detector).toBe(configured.input[0]?.detector);
    controls.incident = false;
    expect(profileOf()).toBe(configured);
  });

  it('through the stage: the monitored finding refuses under the incident variant, and continues after', async () => {
    const stage = createInputGuardrailsStage(resolve);
    const webhookless = buildGuardrails(
      guardrailsSchema.parse({ profiles: { p: { input: { pii: { action: 'monitor' } } } }, defaults: { anonymous: 'p' } }),
      testDetectors,
      {},
      controls,
    );
    const run = (r = webhookless) =>
      new Pipeline([createInputGuardrailsStage(r)], recordingRouter()).run(chat({ messages: [{ role: 'user', content: EMAIL }] }));
    expect((await run()).kind).toBe('result');
    controls.incident = true;
    try {
      expect(await run()).toMatchObject({ kind: 'refused', reason: 'input_blocked' });
      // The fail-open webhook now fails closed.
      expect(await new Pipeline([stage], recordingRouter()).run(chat({ messages: [{ role: 'user', content: 'hello' }] }))).toMatchObject({
        kind: 'refused',
        reason: 'guardrail_unavailable',
      });
    } finally {
      controls.incident = false;
    }
    expect((await run()).kind).toBe('result');
  });
});
