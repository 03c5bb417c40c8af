import { describe, expect, it } from 'vitest';
import { redactText } from '../../redaction.js';
import { ALNUM, B64, detect, fake, found, HEX } from './secrets.fixtures.js';

// A name and the secret it unlocks, written together, are one credential: one finding from the name to the
// end of the secret. Every value is generated here.
const pw = `Qm4${fake(ALNUM, 12, 700)}`;
const secret = fake(ALNUM, 40, 701);

describe('credentials written as a name and a secret', () => {
  it('covers the user and password of URLs and key-value connection strings', () => {
    expect(found(`amqp://billing-worker:${pw}@rabbit.internal:5672/`)).toEqual([`billing-worker:${pw}`]);
    expect(found(`jdbc:mysql://reports:${pw}@mysql.internal/ledger`)).toEqual([`reports:${pw}`]);
    expect(found(`Host=pg.internal;Port=5432;Username=ledger_ro;Password=${pw};`)).toEqual([`ledger_ro;Password=${pw}`]);
    expect(found(`Data Source=sql02;UID=etl; PWD=${pw};`)).toEqual([`etl; PWD=${pw}`]);
  });

  it('covers the user and password of command lines and constructors', () => {
    expect(found(`curl --user ops-bot:${pw} https://ci.internal/api`)).toEqual([`ops-bot:${pw}`]);
    expect(found(`mysql -u backup -p${pw} -h db.internal`)).toEqual([`backup -p${pw}`]);
    expect(found(`Connect-Appliance -Host 10.2.0.9 -User ops@corp.local -Password '${pw}'`)).toEqual([`ops@corp.local -Password '${pw}`]);
    expect(found(`client.auth = HTTPBasicAuth("metrics", "${pw}")`)).toEqual([`metrics", "${pw}`]);
  });

  it('covers a .netrc entry on one line or several', () => {
    expect(found(`machine git.corp.example login ci password ${pw}`)).toEqual([`git.corp.example login ci password ${pw}`]);
    expect(found(`machine files.corp.example\nlogin ci\npassword ${pw}\n`)).toEqual([`files.corp.example\nlogin ci\npassword ${pw}`]);
  });

  it('covers an Azure connection string from its account, key name or endpoint to the key', () => {
    const key = `${fake(B64, 43, 702)}=`;
    expect(found(`AccountName=ledgerarchive;AccountKey=${key};EndpointSuffix=core.windows.net`)).toEqual([`ledgerarchive;AccountKey=${key}`]);
    expect(found(`Endpoint=sb://orders.servicebus.windows.net/;SharedAccessKeyName=sender;SharedAccessKey=${key}`)).toEqual([
      `sb://orders.servicebus.windows.net/;SharedAccessKeyName=sender;SharedAccessKey=${key}`,
    ]);
    expect(found(`HostName=plant7.azure-devices.net;DeviceId=press-04;SharedAccessKey=${key}`)).toEqual([
      `plant7.azure-devices.net;DeviceId=press-04;SharedAccessKey=${key}`,
    ]);
  });

  it('joins a user or client id assigned right before its password or secret', () => {
    expect(found(`smtp:\n  username: alerts\n  password: ${pw}\n`)).toEqual([`alerts\n  password: ${pw}`]);
    expect(found(`DB_USER=ledger\nDB_PASS=${pw}\n`)).toEqual([`ledger\nDB_PASS=${pw}`]);
    expect(found(`username = ops\n# rotated monthly\n# by the vault job\npassword = ${pw}\n`)).toEqual([
      `ops\n# rotated monthly\n# by the vault job\npassword = ${pw}`,
    ]);
    expect(found(`$login = 'ops'; $passwd = '${pw}';`)).toEqual([`ops'; $passwd = '${pw}`]);
    expect(found(`{"clientId": "web-7731", "clientSecret": "${secret}"}`)).toEqual([`web-7731", "clientSecret": "${secret}`]);
    expect(found(`/token?grant_type=client_credentials&client_id=svc-7731&client_secret=${secret}`)).toEqual([`svc-7731&client_secret=${secret}`]);
  });

  it('does not join a name that is not the secret’s partner', () => {
    // A user before an API token, a client id before a password, a user two statements up, a variable.
    expect(found(`user = ops\napi_token = ${secret}\n`)).toEqual([secret]);
    expect(found(`client_id = web-7731\npassword = ${pw}\n`)).toEqual([pw]);
    expect(found(`user = ops\ntimeout = 30\npassword = ${pw}\n`)).toEqual([pw]);
    expect(found(`user = $DB_USER\npassword = ${pw}\n`)).toEqual([pw]);
    // A name with no secret is not reported at all.
    expect(found('user = ops\npassword = $DB_PASSWORD\n')).toEqual([]);
    expect(found('curl -u ops-bot: https://ci.internal/api')).toEqual([]);
  });

  it('keeps a narrower finding inside a pair from cutting the pair short', () => {
    // The key id has a finding of its own; the pair's finding spans it, so the secret is still covered.
    const keyId = `AKIA${fake('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16, 703)}`;
    const awsSecret = fake(B64, 40, 704);
    const text = `[default]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${awsSecret}\n`;
    expect(found(text)).toEqual([`${keyId}\naws_secret_access_key = ${awsSecret}`]);
  });

  it('redacts the pair whole', () => {
    const text = `postgres://ledger:${pw}@db.internal:5432/ledger and token ${fake(HEX, 8, 705)}`;
    const out = redactText(text, detect(text), 'mask', undefined);
    expect(out).not.toContain('ledger:');
    expect(out).not.toContain(pw);
    expect(out.startsWith('postgres://[')).toBe(true);
    expect(out).toContain(']@db.internal:5432/ledger');
  });
});
