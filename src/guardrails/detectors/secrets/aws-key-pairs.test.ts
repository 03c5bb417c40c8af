import { describe, expect, it } from 'vitest';
import { ALNUM, B64, detect, fake, found, HEX, UPPER36 } from './secrets.fixtures.js';

// An AWS secret access key is 40 base64 characters with no prefix; written right after its access key id
// (a CSV export, a table, two constructor arguments, `id:secret`) the pair says what it is without a keyword.
const keyId = `AKIA${fake(UPPER36, 16, 430)}`;
const tempId = `ASIA${fake(UPPER36, 16, 431)}`;
const secret = `${fake(ALNUM, 18, 432)}/${fake(ALNUM, 10, 433)}+${fake(ALNUM, 10, 434)}`;
const secret2 = fake(B64, 40, 435);

describe('AWS secret access keys beside their key id', () => {
  it('finds the secret in exports, tables, argument lists and id:secret pairs', () => {
    const csv = `User name,Password,Access key ID,Secret access key,Console login link\nci-deploy,,${keyId},${secret},https://123456789012.signin.aws.amazon.com/console\n`;
    expect(found(csv)).toEqual([keyId, secret]);
    expect(found(`| prod | ${keyId} | ${secret2} |`)).toEqual([keyId, secret2]);
    expect(found(`the keys are ${keyId} / ${secret} (rotate them monthly)`)).toContain(secret);
    expect(found(`AwsBasicCredentials.create("${keyId}", "${secret}")`)).toContain(secret);
    expect(found(`${tempId}\n${secret2}\n`)).toEqual([tempId, secret2]);
    expect(found(`s3cmd --access_key=${keyId} --secret_key=${secret}`)).toContain(secret);
  });

  it('scores the pair as a provider format', () => {
    const hit = detect(`${keyId}:${secret2}`).find((f) => f.end - f.start === 40);
    expect(hit?.evidence).toBe('rule:aws_secret_access_key');
    expect(hit?.score).toBeGreaterThanOrEqual(0.85);
  });

  it('passes what follows a key id but is no secret key', () => {
    const cases: Array<[string, string[]]> = [
      // A commit hash, a path, a longer token, a base64 digest, a value too far away.
      [`rotated ${keyId} in commit ${fake(HEX, 40, 436)}`, [keyId]],
      [`${keyId} is used by /srv/backups/Reports2024/Quarterly/Summary/Final`, [keyId]],
      [`${keyId} integrity sha256-${fake(B64, 43, 438)}=`, [keyId]],
      [`${keyId}\n${'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod. '.repeat(2)}${secret2}`, [keyId]],
      // The AWS documentation's example pair.
      ['AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', []],
    ];
    for (const [text, expected] of cases) expect(found(text), text).toEqual(expected);
    // A longer token is not cut to 40 characters (other rules may judge it whole).
    const longer = `${keyId} ${fake(ALNUM, 64, 437)}`;
    expect(detect(longer).map((f) => f.evidence)).not.toContain('rule:aws_secret_access_key');
  });
});
