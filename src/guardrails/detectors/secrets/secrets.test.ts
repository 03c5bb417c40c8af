import { describe, expect, it } from 'vitest';
import { createSecretsDetector } from './index.js';
import { floodsFor } from '../detector-floods.fixtures.js';
import { covering } from './secrets.fixtures.js';

const ctx = { direction: 'input' as const, role: 'user' as const };
const secrets = createSecretsDetector();
const jwtHeader = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
const jwtBody = Buffer.from('{"sub":"1234567890","name":"x"}').toString('base64url');

function found(text: string): string[] {
  return secrets.detect(text, ctx).map((f) => text.slice(f.start, f.end));
}

describe('secrets detector', () => {
  it.each([
    ['AKIAIOSFODNN7EXAMPLQ', 'key AKIAIOSFODNN7EXAMPLQ here'],
    [`ghp_${'a1B2'.repeat(9)}`, `token ghp_${'a1B2'.repeat(9)}`],
    ['glpat-' + 'x9Y8z7W6v5U4t3S2r1Q0', 'GITLAB=glpat-' + 'x9Y8z7W6v5U4t3S2r1Q0'],
    ['xoxb-1234567890-abcdefghij1234', 'slack: xoxb-1234567890-abcdefghij1234'],
    ['sk_live_' + '4eC39HqLyjWDarjtT1zdp7dc', 'stripe sk_live_' + '4eC39HqLyjWDarjtT1zdp7dc'],
    [`sk-ant-api03-${'Ab3_'.repeat(10)}`, `ANTHROPIC=sk-ant-api03-${'Ab3_'.repeat(10)}`],
    ['AIza' + 'SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q', 'google AIza' + 'SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q'],
    [`${jwtHeader}.${jwtBody}.abcDEF123456ghiJKL`, `Authorization header ${jwtHeader}.${jwtBody}.abcDEF123456ghiJKL`],
    ['s3cr3tP4ss', 'postgres://admin:s3cr3tP4ss@db.internal:5432/app'],
  ])('finds %s', (value, text) => {
    expect(covering(text, value)).toBeDefined();
  });

  it('finds private keys with the whole armored span', () => {
    const key = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----';
    expect(found(`here:\n${key}\nbye`)).toContain(key);
  });

  it('finds secrets in JSON, YAML and env files', () => {
    expect(found('{"api_key": "Zx81kPq0Lm27Rt5vWn3Y"}')).toContain('Zx81kPq0Lm27Rt5vWn3Y');
    expect(found('db:\n  password: "Hq7!mR2pX9vL"\n')).toContain('Hq7!mR2pX9vL');
    expect(found('APP_SECRET=9f8e7d6c5b4a39281706\nDEBUG=true\n')).toContain('9f8e7d6c5b4a39281706');
  });

  it('does not flag lock-file hashes or placeholders', () => {
    expect(found('checksum = "f651f2b1742f760bb8161d6743229206e962b73d9c33c41f4e4aefa6586cbd3d"')).toEqual([]);
    expect(found('golang.org/x/sys v0.1.0/go.mod h1:oPkhp1MJrh7nUepCBck5+mAzfO9JrbApNNgaTdGDITg=')).toEqual([]);
    expect(found(`      "integrity": "sha512-${'A'.repeat(86)}==",`)).toEqual([]);
    expect(found('password = "${DB_PASSWORD}"\napi_key: xxxxxxxxxxxx\ntoken = "<your-token>"')).toEqual([]);
    expect(found('The key insight is that tokens are cheap.')).toEqual([]);
  });

  it('never puts the raw value in evidence, whatever the rule family', () => {
    const text = [
      'AWS=AKIAIOSFODNN7EXAMPLQ',
      'conn: Server=db;User ID=app;Password=Tq83mZr1xK;',
      'curl -u ci:Tq83mZr1xKv9 https://ci.example.com',
      'acmecloud = "Qx8fK2mZ9pL4vR7tW1yB3nC6"',
      'deploy_token: Zx81kPq0Lm27Rt5vWn3Y',
      `client("${Buffer.from('{"k":"Qx8fK2mZ9pL4vR7tW1yB3nC6","id":1}').toString('base64')}")`,
      '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----',
    ].join('\n');
    const findings = secrets.detect(text, ctx);
    expect(findings.length).toBe(7);
    for (const f of findings) {
      expect(f.evidence).toMatch(/^rule:[a-z0-9_]+(?:\([a-z]+\))?$/);
      expect(f.evidence ?? '').not.toContain(text.slice(f.start, f.end));
    }
  });

  it('never puts the raw value in evidence', () => {
    const text = `AWS=AKIAIOSFODNN7EXAMPLQ password="Hq7!mR2pX9vL" ghp_${'a1B2'.repeat(9)}`;
    const findings = secrets.detect(text, ctx);
    expect(findings.length).toBe(3);
    for (const f of findings) expect(f.evidence ?? '').not.toContain(text.slice(f.start, f.end));
  });

  it('never throws on random input, and finds what it should in pathological floods', () => {
    let seed = 11;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 300; i++) {
      const s = Array.from({ length: Math.floor(rnd() * 400) }, () => String.fromCharCode(Math.floor(rnd() * 0x3000))).join('');
      expect(() => secrets.detect(s, ctx)).not.toThrow();
    }
    for (const { text, findings } of floodsFor('secrets')) expect(secrets.detect(text, ctx), text.slice(0, 12)).toHaveLength(findings);
  });
});
