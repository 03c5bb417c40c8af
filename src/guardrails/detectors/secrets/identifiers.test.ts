import { describe, expect, it } from 'vitest';
import { ALNUM, B64, DIGITS, fake, found, HEX, LOWER36 } from './secrets.fixtures.js';

// What an operator redacts is the credential, not the names around it: scanners' rule examples sometimes
// capture the identifier (EVALUATION.md, "displaced"), and the detector deliberately does not follow them.
const pw = `Vb7${fake(ALNUM, 13, 450)}`;

describe('identifiers beside a credential, and on their own', () => {
  it('reports the secret of a pair, not its user, account, machine or endpoint', () => {
    expect(found(`mongodb+srv://orders-svc:${pw}@cluster7.acme.mongodb.net/shop`)).toEqual([pw]);
    expect(found(`Server=sql01;Database=Billing;User ID=billing_rw;Password=${pw};`)).toEqual([pw]);
    const accountKey = `${fake(B64, 86, 451)}==`;
    expect(found(`DefaultEndpointsProtocol=https;AccountName=acmebackups7;AccountKey=${accountKey};EndpointSuffix=core.windows.net`)).toEqual([accountKey]);
    expect(found(`machine api.acme.io\n  login deploy\n  password ${pw}\n`)).toEqual([pw]);
    expect(found(`new NetworkCredential("svc-reports@acme.io", "${pw}")`)).toEqual([pw]);
  });

  it('reports no public identifier on its own', () => {
    for (const text of [
      `GOOGLE_CLIENT_ID='${fake(DIGITS, 12, 452)}-${fake(LOWER36, 32, 453)}.apps.googleusercontent.com'`,
      `square_application_id = "sq0idp-${fake(ALNUM, 22, 454)}"`,
      'aws_account_id=482913570266',
      'Resource: "arn:aws:s3:::acme-invoices-prod/2025/*"',
      'https://acme-invoices-prod.s3.eu-west-1.amazonaws.com',
      'gsutil cp report.pdf gs://acme-media/reports/ && open https://storage.googleapis.com/acme-media/reports/report.pdf',
      `AUTH0_DOMAIN='acme-${fake(LOWER36, 10, 455)}.eu.auth0.com'`,
      `token-id: ${fake(HEX, 6, 456)}`,
    ]) {
      expect(found(text), text).toEqual([]);
    }
  });
});
