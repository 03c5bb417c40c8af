import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssues, hashText, loadConfigFile, loadConfigText, type ConfigIssue } from './load.js';
import { useTempDirs } from '../core/temp-dirs.fixtures.js';

// Every temp folder of this file, removed after its last test.
const temp = useTempDirs('gh-load-');

function issuesOf(text: string): ConfigIssue[] {
  const result = loadConfigText(text, 'g.yaml');
  if (result.ok) throw new Error('expected the configuration to be rejected');
  return result.issues;
}

const base = `providers:
  mock: {type: mock}
models:
  echo: {provider: mock}
`;

describe('loadConfigText: valid input', () => {
  it('treats an empty file as the default configuration', () => {
    const result = loadConfigText('', 'g.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.server).toMatchObject({ host: '127.0.0.1', port: 8080 });
    expect(result.config.storage.driver).toBe('sqlite');
    expect(result.hash).toBe(hashText(''));
  });

  it('treats a comment-only file and empty sections as defaults', () => {
    const result = loadConfigText('# nothing yet\nlogging:\n  # level: debug\nproviders:\n', 'g.yaml');
    expect(result.ok && result.config.logging.level).toBe('info');
  });

  it('returns the sha256 of the text and locates data paths', () => {
    const result = loadConfigText(base, 'g.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(result.hash).toBe(hashText(base));
    expect(result.locate(['models', 'echo', 'provider'])).toEqual({ line: 4, column: 20 });
  });

  it('accepts the shipped example file', async () => {
    const result = await loadConfigFile(new URL('../../gatehouse.example.yaml', import.meta.url).pathname);
    expect(result.ok ? [] : result.issues).toEqual([]);
    if (!result.ok) return;
    expect(new Set(Object.values(result.config.providers).map((p) => p.type))).toEqual(new Set(['openai', 'azure-openai', 'anthropic', 'mock']));
  });
});

describe('loadConfigText: each error kind has its position', () => {
  it('unknown key: points at the key and suggests the near miss', () => {
    expect(issuesOf('server:\n  host: 0.0.0.0\n  prot: 9000\n')).toEqual([
      { line: 3, column: 3, path: 'server.prot', message: 'unknown key "prot"; did you mean "port"?' },
    ]);
  });

  it('unknown key with no near miss lists the keys allowed for that provider type', () => {
    const [issue] = issuesOf('providers:\n  a: {type: anthropic, apiKey: env:K, region: eu}\n');
    expect(issue).toMatchObject({ line: 2, column: 39, path: 'providers.a.region' });
    expect(issue?.message).toContain('allowed keys: type, baseUrl, apiKey, version, defaultMaxTokens');
  });

  it('wrong type: points at the value', () => {
    expect(issuesOf('server:\n  port: "8080"\n')).toEqual([{ line: 2, column: 9, path: 'server.port', message: 'expected number, received string' }]);
  });

  it('bad enum value: lists the options', () => {
    const [issue] = issuesOf('logging:\n  level: loud\n');
    expect(issue).toMatchObject({ line: 2, column: 10, path: 'logging.level' });
    expect(issue?.message).toBe('must be one of "fatal", "error", "warn", "info", "debug", "trace", "silent"');
  });

  it('a secret written as a value is refused without echoing it', () => {
    const [issue] = issuesOf('providers:\n  openai:\n    type: openai\n    apiKey: sk-abc123\n');
    expect(issue).toMatchObject({ line: 4, column: 13, path: 'providers.openai.apiKey' });
    expect(issue?.message).toContain('must be a secret reference');
    expect(issue?.message).not.toContain('sk-abc123');
  });

  it('a model referencing an unknown provider', () => {
    expect(issuesOf(`${base}  other: {provider: openai}\n`)).toEqual([
      { line: 5, column: 21, path: 'models.other.provider', message: 'unknown provider "openai" (defined: mock)' },
    ]);
  });

  it('a missing required key points at its parent', () => {
    const issues = issuesOf('providers:\n  az:\n    type: azure-openai\n    apiKey: env:AZURE_KEY\n');
    expect(issues).toEqual([
      { line: 2, column: 3, path: 'providers.az.endpoint', message: 'missing required key "endpoint" (string: https://<resource>.openai.azure.com)' },
    ]);
  });

  it('an unknown provider type', () => {
    const [issue] = issuesOf('providers:\n  p: {type: gemini}\n');
    expect(issue).toMatchObject({ line: 2, column: 13, path: 'providers.p.type', message: 'must be one of "openai", "azure-openai", "anthropic", "mock"' });
  });

  it('a password inside a postgres URL, in the userinfo or the query', () => {
    const userinfo = issuesOf('storage:\n  driver: postgres\n  postgres:\n    url: postgres://app:hunter2@db:5432/gh\n');
    expect(userinfo).toEqual([
      { line: 4, column: 10, path: 'storage.postgres.url', message: 'the URL contains a password: put the whole URL in a secret reference (env:DATABASE_URL)' },
    ]);
    const query = issuesOf('storage:\n  driver: postgres\n  postgres: {url: "postgres://db/gh?user=app&password=hunter2"}\n');
    expect(query[0]).toMatchObject({ line: 3, column: 19, path: 'storage.postgres.url' });
    expect(formatIssues('g.yaml', [...userinfo, ...query])).not.toContain('hunter2');
  });

  it('auth.refreshMs: 5000 by default, an hour at most, below 100 ms refused (a store read per replica each time)', () => {
    const auth = (extra: string) => `auth: {secretPepper: env:P${extra}}\n`;
    const loaded = loadConfigText(auth(''), 'g.yaml');
    expect(loaded.ok && loaded.config.auth?.refreshMs).toBe(5_000);
    const slow = loadConfigText(auth(', refreshMs: 3600000'), 'g.yaml');
    expect(slow.ok && slow.config.auth?.refreshMs).toBe(3_600_000);
    expect(issuesOf(auth(', refreshMs: 50'))).toEqual([{ line: 1, column: 40, path: 'auth.refreshMs', message: 'expected number to be >=100' }]);
    expect(issuesOf(auth(', refreshMs: 3600001'))).toMatchObject([{ path: 'auth.refreshMs' }]);
    expect(issuesOf(auth(', refreshMs: 250.5'))).toMatchObject([{ path: 'auth.refreshMs' }]);
  });

  it('a YAML syntax error stops before validation', () => {
    expect(issuesOf('server:\n  port: [8080\nlogging: {}\n')).toEqual([
      { line: 3, column: 1, path: '', message: 'YAML: Flow sequence in block collection must be sufficiently indented and end with a ]' },
    ]);
  });

  it('indentation mistakes: one issue each, at the line that holds it, in words', () => {
    // The parser blames line 2 (host's value) with two messages about compact mappings and implicit keys.
    expect(issuesOf('server:\n  host: 127.0.0.1\n   port: 8080\nlogging:\n  level: info\n')).toEqual([
      {
        line: 3,
        column: 4,
        path: '',
        message:
          'YAML indentation: "port" is indented 3 spaces, 1 space more than "host" on line 2: the keys of one mapping start at the same column, so indent it 2 spaces (only a key with nothing after its colon can have keys under it)',
      },
    ]);
    expect(issuesOf('server:\n  host: 127.0.0.1\n\tport: 8080\n')).toEqual([
      {
        line: 3,
        column: 1,
        path: '',
        message: 'YAML indentation: this line is indented with a tab, and YAML indents with spaces only: replace the tab with spaces',
      },
    ]);
    // One space short, the parser says three things about implicit keys and block sequences.
    expect(issuesOf('policies:\n  files:\n    - a.cedar\n   - b.cedar\n')).toEqual([
      {
        line: 4,
        column: 4,
        path: '',
        message:
          'YAML indentation: this list item is indented 3 spaces, which lines up with nothing above it: the items of "files" (line 3) are at 4 spaces, the keys of "policies" at 2 spaces. Indent it 4 spaces to stay in "files", or 2 spaces for "policies"',
      },
    ]);
  });

  it('a list item one space too far is refused, though YAML would read it as text of the item above', () => {
    const [issue] = issuesOf('policies:\n  files:\n    - a.cedar\n     - b.cedar\n');
    expect(issue).toMatchObject({ line: 4, column: 6, path: '' });
    expect(issue?.message).toContain('YAML reads it as more text of that item');
  });

  it('a syntax error away from an indentation mistake is still reported', () => {
    const issues = issuesOf('server:\n  host: a\n   port: 1\nlogging: {level: [info}\n');
    expect(issues[0]).toMatchObject({ line: 3, message: expect.stringMatching(/^YAML indentation: "port"/) });
    expect(issues.slice(1).map((i) => i.line)).toEqual([4, 4]);
    expect(issues[1]?.message).toMatch(/^YAML: Flow sequence/);
  });

  it('a duplicate key', () => {
    expect(issuesOf('server:\n  port: 1\n  host: a\n  port: 2\n')).toEqual([
      { line: 4, column: 3, path: '', message: 'YAML: duplicate key: this key is already set earlier in the same mapping' },
    ]);
  });

  it('an alias without an anchor', () => {
    expect(issuesOf('server:\n  host: *nowhere\n')).toEqual([
      { line: 2, column: 9, path: '', message: 'YAML: alias *nowhere has no matching anchor &nowhere' },
    ]);
  });

  it('a top level that is not a mapping is an issue at 1:1', () => {
    expect(issuesOf('- server\n- models\n')).toEqual([
      { line: 1, column: 1, path: '', message: 'the top level must be a mapping of sections (server, logging, storage, providers, models)' },
    ]);
  });

  it('names awkward keys and array items so they can be found in the file', () => {
    const text = `${base}  "team/gpt-4.1":\n    provider: mock\n    mock:\n      toolCalls:\n        - name: 7\n`;
    expect(issuesOf(text)).toEqual([
      { line: 9, column: 17, path: 'models["team/gpt-4.1"].mock.toolCalls[0].name', message: 'expected string, received number' },
    ]);
  });

  it('sorts several issues by line', () => {
    const issues = issuesOf('version: 2\nserver: {port: -1}\nlogging: {level: x}\nextra: 1\n');
    expect(issues.map((i) => [i.line, i.path])).toEqual([
      [1, 'version'],
      [2, 'server.port'],
      [3, 'logging.level'],
      [4, 'extra'],
    ]);
  });
});

describe('loadConfigFile and formatIssues', () => {
  it('a missing file is a whole-file issue', async () => {
    const path = join(temp.make(), 'absent.yaml');
    const result = await loadConfigFile(path);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(formatIssues(path, result.issues)).toBe(`${path}: file not found`);
  });

  it('renders file:line:column: path: message', async () => {
    const path = join(temp.make(), 'gatehouse.yaml');
    writeFileSync(path, 'server:\n  port: "80"\n  prot: 1\n');
    const result = await loadConfigFile(path);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(formatIssues('gatehouse.yaml', result.issues).split('\n')).toEqual([
      'gatehouse.yaml:2:9: server.port: expected number, received string',
      'gatehouse.yaml:3:3: server.prot: unknown key "prot"; did you mean "port"?',
    ]);
  });
});
