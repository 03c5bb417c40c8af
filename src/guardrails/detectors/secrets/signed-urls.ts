import type { SecretRule } from './provider-rules.js';

/**
 * Signed storage URLs: an S3 presigned URL, a GCS signed URL or a CloudFront signed URL lets whoever holds
 * it read or write the object until it expires, like a password in the URL (Azure's SAS form is in
 * context-rules.ts). The signature, and the STS session token a URL signed with temporary credentials
 * carries, are the secrets; the key id, the credential scope (`AKIA.../20250301/us-east-1/s3/aws4_request`),
 * the bucket and the object are identifiers and are not reported by these rules.
 */

/** Characters that end a link in text: whitespace, quotes, angle brackets, backticks. */
function endsLink(c: number): boolean {
  return c <= 32 || c === 34 || c === 39 || c === 60 || c === 62 || c === 96;
}

/** The run of URL characters around a match (at most 1000 either side), and whether both its ends were found. */
function linkAround(text: string, start: number, end: number): [number, number, boolean] {
  let lo = start;
  while (lo > 0 && start - lo < 1000 && !endsLink(text.charCodeAt(lo - 1))) lo--;
  let hi = end;
  while (hi < text.length && hi - end < 1000 && !endsLink(text.charCodeAt(hi))) hi++;
  return [lo, hi, (lo === 0 || endsLink(text.charCodeAt(lo - 1))) && (hi === text.length || endsLink(text.charCodeAt(hi)))];
}

/** V2 and CloudFront signatures are a bare `Signature=`: only beside the access id that signed them. */
const SIGNER_PARAM = /[?&](?:AWSAccessKeyId|GoogleAccessId|Key-Pair-Id)=[^&\s]/;

// The last text's answers: a flood of `&Signature=` in one link costs one scan, not one per match.
let lastText: string | undefined;
let lastHasSigner = false;
let lastLink: [number, number, boolean] = [-1, -1, false];

function signedBySigner(text: string, start: number, end: number): boolean {
  if (text !== lastText) {
    lastText = text;
    lastHasSigner = SIGNER_PARAM.test(text);
    lastLink = [-1, -1, false];
  }
  if (!lastHasSigner) return false;
  if (start >= lastLink[0] && end <= lastLink[1]) return lastLink[2];
  const [lo, hi, closed] = linkAround(text, start, end);
  const verdict = SIGNER_PARAM.test(text.slice(lo, hi));
  if (closed) lastLink = [lo, hi, verdict];
  return verdict;
}

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
    accept: signedBySigner,
  },
];
