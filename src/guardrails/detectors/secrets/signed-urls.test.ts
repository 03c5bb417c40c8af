import { describe, expect, it } from 'vitest';
import { B64, B64URL, detect, found, HEX, UPPER36 } from './secrets.fixtures.js';
import { fake } from './secrets.fixtures.js';

// A signed storage URL is a bearer credential until it expires: whoever holds the link reads (or writes)
// the object. The signature, and an STS session token carried in the query, are what must be redacted;
// the key id, the credential scope, the bucket and the object are identifiers.
const keyId = `AKIA${fake(UPPER36, 16, 401)}`;
const sigV4 = fake(HEX, 64, 402);
const sts = `IQoJb3JpZ2luX2Vj${fake(B64, 120, 403)}`;
const rsaSig = fake(HEX, 512, 404);
const sigV2 = `${fake(B64, 24, 405)}%2B${fake(B64, 3, 406)}%3D`;
const cfSig = `${fake(B64URL, 60, 407)}~${fake(B64URL, 40, 408)}__`;

const s3v4 = (host: string, extra = ''): string =>
  `https://${host}/reports/q3.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${keyId}%2F20250301%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20250301T101500Z&X-Amz-Expires=3600${extra}&X-Amz-SignedHeaders=host&X-Amz-Signature=${sigV4}`;

describe('signed storage URLs (S3, GCS, CloudFront)', () => {
  it('finds the signature of an S3 presigned URL, virtual-hosted and path style', () => {
    expect(found(`download it from ${s3v4('acme-exports.s3.eu-west-1.amazonaws.com')} before noon`)).toContain(sigV4);
    expect(found(`curl -o q3.pdf "${s3v4('s3.amazonaws.com/acme-exports')}"`)).toContain(sigV4);
    // MinIO and other S3-compatible stores sign the same way.
    expect(found(`"url": "${s3v4('minio.internal:9000/backups')}"`)).toContain(sigV4);
  });

  it('finds the session token of a presigned URL signed with temporary credentials', () => {
    const url = s3v4('acme-exports.s3.amazonaws.com', `&X-Amz-Security-Token=${encodeURIComponent(sts)}`);
    const hits = found(url);
    expect(hits).toContain(sigV4);
    expect(hits).toContain(encodeURIComponent(sts));
  });

  it('finds the signature of a GCS V4 signed URL, HMAC or RSA, and not the credential scope', () => {
    const url = `https://storage.googleapis.com/acme-media/raw/clip.mp4?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=uploader%40acme-prod.iam.gserviceaccount.com%2F20250301%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20250301T101500Z&X-Goog-Expires=900&X-Goog-SignedHeaders=host&X-Goog-Signature=${rsaSig}`;
    expect(found(url)).toEqual([rsaSig]);
    const hmac = `https://acme-media.storage.googleapis.com/a.png?X-Goog-Algorithm=GOOG4-HMAC-SHA256&X-Goog-Credential=GOOG1E${fake(UPPER36, 20, 409)}%2F20250301%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20250301T101500Z&X-Goog-Expires=600&X-Goog-SignedHeaders=host&X-Goog-Signature=${sigV4}`;
    expect(found(hmac)).toContain(sigV4);
  });

  it('finds V2 signatures beside an access id, in either order, and CloudFront signed URLs', () => {
    expect(found(`https://acme-exports.s3.amazonaws.com/a.csv?AWSAccessKeyId=${keyId}&Expires=1767225600&Signature=${sigV2}`)).toContain(sigV2);
    expect(
      found(`https://storage.googleapis.com/acme/a.csv?Expires=1767225600&Signature=${sigV2}&GoogleAccessId=signer%40acme.iam.gserviceaccount.com`),
    ).toContain(sigV2);
    expect(found(`https://d111111abcdef8.cloudfront.net/video.m3u8?Expires=1767225600&Signature=${cfSig}&Key-Pair-Id=K2JCJMDEHXQW5F`)).toContain(cfSig);
  });

  it('passes look-alikes: parameter names in prose, placeholders, variables, other signature parameters', () => {
    for (const text of [
      'The X-Amz-Signature query parameter holds the hex-encoded HMAC of the string to sign.',
      'https://bucket.s3.amazonaws.com/key?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=<signature>',
      'const url = `${base}?X-Amz-Credential=${cred}&X-Amz-Signature=${signature}`;',
      'https://storage.googleapis.com/b/o?X-Goog-Signature={{ signed.sig }}&X-Goog-Expires=900',
      // A content hash of the payload is public by design.
      `x-amz-content-sha256: ${fake(HEX, 64, 410)}`,
      // A `Signature=` parameter without a storage access id is not this class (a webhook, a mail link).
      `https://hooks.example.com/notify?id=42&Signature=${fake(B64, 40, 411)}`,
      // The credential scope alone names a key, a date and a region.
      `X-Amz-Credential=${keyId.replace('AKIA', 'ASIA').slice(0, 8)}EXAMPLE%2F20250301%2Fus-east-1%2Fs3%2Faws4_request`,
      'X-Goog-Credential=signer%40acme.iam.gserviceaccount.com%2F20250301%2Fauto%2Fstorage%2Fgoog4_request',
    ]) {
      expect(found(text), text).toEqual([]);
    }
  });

  it('reports the signature with its own evidence', () => {
    const hits = detect(s3v4('acme.s3.amazonaws.com')).map((f) => f.evidence);
    expect(hits).toContain('rule:signed_url_signature');
  });
});
