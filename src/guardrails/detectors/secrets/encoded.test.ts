import { describe, expect, it } from 'vitest';
import { ALNUM, detect, fake, found } from './secrets.fixtures.js';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64');

describe('credentials one encoding deep', () => {
  it('finds base64 JSON carrying a secret field', () => {
    const legacyKey = b64({ k: fake(ALNUM, 32, 100), n: 'deploy', id: 1 });
    expect(found(`client = Client("${legacyKey}", host=h)`)).toContain(legacyKey);
    const dockerConfig = b64({ auths: { 'registry.example.com': { auth: Buffer.from(`ci:${fake(ALNUM, 20, 101)}`).toString('base64') } } });
    expect(detect(`.dockerconfigjson: ${dockerConfig}`).some((f) => f.evidence === 'rule:base64_json_credential')).toBe(true);
    const serviceAccount = Buffer.from(`{\n  "type": "service_account",\n  "private_key": "${fake(ALNUM, 40, 102)}"\n}`).toString('base64');
    expect(found(serviceAccount)).toContain(serviceAccount);
  });

  it('ignores base64 JSON without a secret, and embed parameters inside URLs', () => {
    expect(found(b64({ theme: 'dark', page: 3, filters: ['open', 'mine'] }))).toEqual([]);
    const report = b64({ k: '0a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d', t: 'tenant' });
    expect(found(`https://reports.example.com/view?r=${report}`)).toEqual([]);
  });

  it('finds the best-known weak passwords standing alone or quoted', () => {
    expect(found('letmein2024')).toEqual(['letmein2024']);
    expect(found('login with "Welcome123!" first')).toContain('Welcome123!');
    expect(found('The sunshine was 20 degrees')).toEqual([]);
    expect(found('"admin"')).toEqual([]);
  });
});
