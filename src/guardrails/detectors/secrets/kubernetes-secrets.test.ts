import { describe, expect, it } from 'vitest';
import { ALNUM, detect, fake, found } from './secrets.fixtures.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** The values the `kubernetes_secret_data` rule reports (other rules may report some of them too). */
function secretData(text: string): string[] {
  return detect(text)
    .filter((f) => f.type === 'kubernetes_secret_data')
    .map((f) => text.slice(f.start, f.end));
}

describe('Kubernetes Secret manifests', () => {
  const user = b64('svc-reports');
  const url = b64(`postgres://reports:${fake(ALNUM, 14, 370)}@db.internal:5432/reports`);
  const pem = b64(`-----BEGIN PRIVATE KEY-----\n${fake(ALNUM, 48, 371)}\n-----END PRIVATE KEY-----`);

  it('reports every base64 value of the data map, whatever its key', () => {
    const text = [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: reports',
      'type: Opaque',
      'data:',
      `  username: ${user}`,
      '  # rotated quarterly',
      `  DATABASE_URL: "${url}"`,
      `  tls.key: ${pem}`,
      '',
    ].join('\n');
    // The URL and the key are also read by their own rules in the decoded view; the user name only here.
    expect(secretData(text)).toContain(user);
    for (const value of [user, url, pem]) expect(found(text)).toContain(value);
  });

  it('reads the Secret among other documents, with kind after data', () => {
    const text = `---\napiVersion: v1\ndata:\n  username: ${user}\nkind: Secret\n---\napiVersion: v1\nkind: ConfigMap\ndata:\n  region: ${b64('eu-west-1')}\n`;
    expect(secretData(text)).toEqual([user]);
  });

  it('leaves ConfigMaps, other maps of a Secret and non-base64 values alone', () => {
    for (const text of [
      `kind: ConfigMap\ndata:\n  LOG_LEVEL: ${b64('debug')}\n`,
      `kind: Secret\nmetadata:\n  annotations:\n    checksum: ${b64('abcdefgh')}\ndata: {}\n`,
      `kind: Secret\ndata:\n  odd: ${b64('debug').slice(0, 7)}\n`,
      `kind: SecretStore\ndata:\n  token: ${user}\n`,
      `# kind: Secret is what the docs call it\ndata:\n  key: ${user}\n`,
    ]) {
      expect(secretData(text), text).toEqual([]);
    }
  });
});
