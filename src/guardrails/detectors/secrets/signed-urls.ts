import type { SecretRule } from './provider-rules.js';

/**
 * Signed storage URLs: an S3 presigned URL, a GCS signed URL or a CloudFront signed URL lets whoever holds
 * it read or write the object until it expires, like a password in the URL (Azure's SAS form is in
 * context-rules.ts). The signature, and the STS session token a URL signed with temporary credentials
 * carries, are the secrets; the key id, the credential scope (`AKIA.../20250301/us-east-1/s3/aws4_request`),
 * the bucket and the object are identifiers and are not reported by these rules.
 */

/** The run of URL characters around a match: the one link a `Signature=` parameter belongs to. */
function urlAround(text: string, start: number, end: number): string {
  let lo = start;
  while (lo > 0 && start - lo < 2000 && !/[\s"'<>`]/.test(text[lo - 1] as string)) lo--;
  let hi = end;
  while (hi < text.length && hi - end < 2000 && !/[\s"'<>`]/.test(text[hi] as string)) hi++;
  return text.slice(lo, hi);
}

/** V2 and CloudFront signatures are a bare `Signature=`: only beside the access id that signed them. */
const SIGNER_PARAM = /[?&](?:AWSAccessKeyId|GoogleAccessId|Key-Pair-Id)=[^&\s]/;

export const SIGNED_URL_RULES: readonly SecretRule[] = [
  {
    // SigV4 (`X-Amz-Signature`) and GCS V4 (`X-Goog-Signature`): hex, 64 characters for HMAC and up to
    // 1024 for an RSA signature.
    id: 'signed_url_signature',
    re: /[?&](?:X-Amz-Signature|X-Goog-Signature)=([0-9a-f]{64,1024})(?![0-9A-Za-z])/gi,
    group: 1,
    score: 0.85,
    hint: ['Amz-Signature=', 'amz-signature=', 'Goog-Signature=', 'goog-signature='],
  },
  {
    // The session token of temporary credentials, in the query of a URL they signed.
    id: 'signed_url_session_token',
    re: /[?&]X-Amz-Security-Token=([A-Za-z0-9%+/=_-]{40,4096})/gi,
    group: 1,
    score: 0.85,
    hint: ['Amz-Security-Token=', 'amz-security-token='],
  },
  {
    // S3 and GCS V2 (`AWSAccessKeyId`/`GoogleAccessId` + `Signature`), CloudFront (`Key-Pair-Id` + `Signature`).
    id: 'signed_url_signature',
    re: /[?&]Signature=([A-Za-z0-9%+/=_~-]{20,1024})/g,
    group: 1,
    score: 0.85,
    hint: 'Signature=',
    accept: (text, start, end) => SIGNER_PARAM.test(urlAround(text, start, end)),
  },
];
