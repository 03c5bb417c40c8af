import { describe, expect, it } from 'vitest';
import { ALNUM, B64, DIGITS, fake, found, HEX, LOWER36 } from './secrets.fixtures.js';

// What an operator redacts is the credential. Where a name and a secret are written as one credential (a URL's
// `user:password`, a connection string's user and password, a .netrc entry, an account name with its key),
// the finding covers both, so no half is left to pair with a guess; a public identifier on its own is not
// reported. Scanners' rule examples sometimes capture the identifier (EVALUATION.md, "displaced").
const pw = `Vb7${fake(ALNUM, 13, 450)}`;

describe('identifiers beside a credential, and on their own', () => {
  it('reports a credential written as a pair as one finding over both halves', () => {
    expect(found(`mongodb+srv://orders-svc:${pw}@cluster7.acme.mongodb.net/shop`)).toEqual([`orders-svc:${pw}`]);
    expect(found(`Server=sql01;Database=Billing;User ID=billing_rw;Password=${pw};`)).toEqual([`billing_rw;Password=${pw}`]);
    const accountKey = `${fake(B64, 86, 451)}==`;
    expect(found(`DefaultEndpointsProtocol=https;AccountName=acmebackups7;AccountKey=${accountKey};EndpointSuffix=core.windows.net`)).toEqual([
      `acmebackups7;AccountKey=${accountKey}`,
    ]);
    expect(found(`machine api.acme.io\n  login deploy\n  password ${pw}\n`)).toEqual([`api.acme.io\n  login deploy\n  password ${pw}`]);
    expect(found(`new NetworkCredential("svc-reports@acme.io", "${pw}")`)).toEqual([`svc-reports@acme.io", "${pw}`]);
  });

  it('keeps the secret alone when the name is not right beside it', () => {
    // The password before the user, or the user three statements up: not written as one credential.
    expect(found(`Server=sql01;Password=${pw};Database=Billing;User ID=billing_rw;`)).toEqual([pw]);
    expect(found(`user = billing\nhost = db.internal\nport = 5432\npassword = ${pw}\n`)).toEqual([pw]);
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
      'machine api.acme.io\n  login deploy\n  password $NETRC_PASSWORD\n',
      'mongodb://orders-svc@cluster7.acme.mongodb.net/shop',
    ]) {
      expect(found(text), text).toEqual([]);
    }
  });
});
