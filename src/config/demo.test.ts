import { describe, expect, it } from 'vitest';
import { demoConfig, describeDemo } from './demo.js';
import { configSchema } from './schema.js';

describe('demoConfig', () => {
  it('without keys: everything on the mock provider, and it passes the schema', () => {
    const config = demoConfig({});
    expect(configSchema.safeParse(config).success).toBe(true);
    expect(Object.keys(config.providers)).toEqual(['mock']);
    expect(Object.keys(config.models).sort()).toEqual([
      'chat-default',
      'gpt-4o-mini',
      'mock-bad-tool',
      'mock-down',
      'mock-echo',
      'mock-embed',
      'mock-failover',
      'mock-leaky',
      'mock-refund',
      'mock-tools',
      'text-embedding-3-small',
    ]);
    expect(config.guardrails.defaults.anonymous).toBe('demo');
    expect(Object.keys(config.guardrails.profiles.demo?.input ?? {})).toEqual(['prompt_injection', 'unicode', 'secrets', 'pii']);
    expect(config.models['mock-tools']?.mock?.toolCalls).toEqual([{ name: 'get_weather', arguments: { city: 'Paris' } }]);
    expect(config.models['mock-embed']?.kind).toBe('embedding');
    expect(config.models['text-embedding-3-small']).toMatchObject({ provider: 'mock', kind: 'embedding' });
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 8080 });
    expect(config.storage).toMatchObject({ driver: 'sqlite', sqlite: { path: './data/gatehouse.db' } });
    expect(config.models['chat-default']?.defaultVersion).toBe('2026-10');
  });

  it('keeps content for replay under a demo-only key file beside the demo database, never the default key file', () => {
    const { audit } = demoConfig({});
    expect(audit.content).toMatchObject({ mode: 'full', keyFile: './data/demo-content.key' });
    expect(configSchema.parse({}).audit.content).toMatchObject({ mode: 'none', keyFile: './data/audit-content.key' });
    expect(describeDemo(demoConfig({}))).toContain('demo-only key (./data/demo-content.key)');
  });

  it('with OPENAI_API_KEY: the OpenAI models go to a real provider holding a reference, not the key', () => {
    const config = demoConfig({ OPENAI_API_KEY: 'sk-test-not-real' });
    expect(configSchema.safeParse(config).success).toBe(true);
    expect(config.providers.openai).toMatchObject({ type: 'openai', apiKey: 'env:OPENAI_API_KEY' });
    expect(config.models['gpt-4o-mini']?.provider).toBe('openai');
    expect(config.models['text-embedding-3-small']).toMatchObject({ provider: 'openai', kind: 'embedding' });
    expect(JSON.stringify(config)).not.toContain('sk-test-not-real');
  });

  it('with ANTHROPIC_API_KEY: adds claude-sonnet-4-5', () => {
    const config = demoConfig({ ANTHROPIC_API_KEY: 'x' });
    expect(configSchema.safeParse(config).success).toBe(true);
    expect(config.providers.anthropic).toMatchObject({ type: 'anthropic', apiKey: 'env:ANTHROPIC_API_KEY' });
    expect(config.models['claude-sonnet-4-5']?.provider).toBe('anthropic');
    expect(config.models['gpt-4o-mini']?.provider).toBe('mock');
  });

  it('PORT overrides the port, and a bad PORT is refused', () => {
    expect(demoConfig({ PORT: '9191' }).server.port).toBe(9191);
    expect(() => demoConfig({ PORT: 'eighty' })).toThrow(/PORT must be a port number/);
    expect(() => demoConfig({ PORT: '70000' })).toThrow(/PORT must be a port number/);
  });
});

describe('describeDemo', () => {
  it('says which models the mock answers and how to get real ones', () => {
    const text = describeDemo(demoConfig({}));
    expect(text).toContain('http://127.0.0.1:8080');
    expect(text).toContain(
      'mock-echo, mock-tools, mock-embed, gpt-4o-mini, text-embedding-3-small, mock-leaky, mock-bad-tool, chat-default, mock-failover, mock-down, mock-refund are answered by the built-in mock provider',
    );
    expect(text).toContain('"demo" guardrail profile');
    expect(text).toContain('set OPENAI_API_KEY');
  });

  it('names the address the gateway really listens on when it is given (serve -p overrides the demo port)', () => {
    const text = describeDemo(demoConfig({}), 'http://127.0.0.1:18500');
    expect(text).toContain('running the built-in demo configuration on http://127.0.0.1:18500 ');
    expect(text).not.toContain(':8080');
  });

  it('names the real providers when keys are set', () => {
    const text = describeDemo(demoConfig({ OPENAI_API_KEY: 'x', ANTHROPIC_API_KEY: 'y' }));
    expect(text).toContain('gpt-4o-mini, text-embedding-3-small are answered by openai (provider "openai")');
    expect(text).toContain('claude-sonnet-4-5 is answered by anthropic');
    expect(text).not.toContain('set OPENAI_API_KEY');
  });
});
