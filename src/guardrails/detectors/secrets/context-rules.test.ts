import { describe, expect, it } from 'vitest';
import { ALNUM, B64, covering, detect, fake, found } from './secrets.fixtures.js';

const pw = `Vb7${fake(ALNUM, 9, 60)}`;

function typesOf(text: string): string[] {
  return detect(text).map((f) => f.type);
}

describe('credentials recognised by their slot', () => {
  it('finds the password in URLs and key-value connection strings', () => {
    expect(covering(`amqps://worker:${pw}@mq.internal:5671/jobs`, pw)).toBeDefined();
    expect(covering(`Server=db01,1433;Database=Sales;User ID=report;Password=${pw};Encrypt=true;`, pw)).toBeDefined();
    expect(covering(`Driver={PostgreSQL};Pwd=${pw};Uid=app;Host=pg.internal;`, pw)).toBeDefined();
    // Weak literals in a password slot still count: the slot says what it is.
    expect(covering('Data Source=.\\SQLEXPRESS;Initial Catalog=Shop;User Id=sa;Password=sa2019;', 'sa2019')).toBeDefined();
  });

  it('finds command-line passwords', () => {
    expect(covering(`mysql -h db -u root -p${pw} shop`, pw)).toBeDefined();
    expect(covering(`psexec \\\\host -u CORP\\admin -p ${pw} cmd`, pw)).toBeDefined();
    expect(covering(`vault login --password=${pw}`, pw)).toBeDefined();
    expect(covering(`Connect-Server -Server 10.0.0.5 -User admin -Password '${pw}'`, pw)).toBeDefined();
    expect(covering(`curl -u deploy:${pw} https://ci.example.com/job/build`, pw)).toBeDefined();
    expect(covering(`sqlcmd -S tcp:db01,1433 -U sa -P ${pw} -Q "SELECT 1"`, pw)).toBeDefined();
    expect(covering(`bcp Sales.dbo.Orders out orders.dat -U loader -P "${pw}" -c`, pw)).toBeDefined();
  });

  it('finds the signature of an Azure shared access signature URL, and not other sig parameters', () => {
    const sig = `${fake(B64, 30, 357)}%2B${fake(B64, 10, 358)}%3D`;
    const url = `https://acct.blob.core.windows.net/backups/db.bak?sv=2022-11-02&ss=b&srt=o&sp=r&se=2031-01-01T00:00:00Z&spr=https&sig=${sig}`;
    expect(found(`restore from ${url}`)).toContain(sig);
    expect(found(`https://example.org/mail?view=inbox&sig=${fake(B64, 40, 359)}`)).toEqual([]);
  });

  it('reads upper-case -P as a password only after -U and only as a literal', () => {
    for (const text of ['psql -U app -P pager=off shop', 'sqlcmd -S db01 -U sa -P $SA_PASSWORD', 'rsync -P -U backup/ host:/srv']) {
      expect(found(text), text).toEqual([]);
    }
  });

  it('finds the password argument of credential constructors and calls', () => {
    expect(covering(`var cred = new NetworkCredential("svc-backup", "${pw}");`, pw)).toBeDefined();
    expect(covering(`new DirectoryEntry("LDAP://dc01", "CORP\\\\svc",\n   "${pw}")`, pw)).toBeDefined();
    expect(covering(`requests.get(url, auth=("robot", "${pw}"))`, pw)).toBeDefined();
    expect(covering(`smtp.login("alerts@example.com", "${pw}")`, pw)).toBeDefined();
  });

  it('finds Authorization header values, including vendor schemes', () => {
    const token = fake(ALNUM, 40, 61);
    expect(found(`-H "Authorization: SSWS ${token}"`)).toContain(token);
    expect(found(`{"Authorization": "Bearer ${token}"}`)).toContain(token);
    expect(typesOf(`Authorization: Basic ${fake(B64, 28, 62)}=`)).toContain('authorization_header');
  });

  it('finds passwords stated in prose', () => {
    expect(found(`The default password for the admin account is "${pw}".`)).toContain(pw);
    expect(found("Note: the wifi passphrase was 'orchid-lantern-42' until May.")).toContain('orchid-lantern-42');
  });

  it('ignores variables, placeholders, ports and user:group pairs in those slots', () => {
    expect(found('postgres://app:$DB_PASSWORD@db:5432/app')).toEqual([]);
    expect(found('Server=db;Database=app;User ID=app;Password=${DB_PASSWORD};')).toEqual([]);
    expect(found('echo "$PW" | docker login --username ci --password-stdin ghcr.io')).toEqual([]);
    expect(found('docker run -u 1000 -p 8080:80 nginx')).toEqual([]);
    expect(found('docker run -u 1000:1000 -v /data:/data alpine')).toEqual([]);
    expect(found('docker exec -u www-data:www-data web php artisan migrate')).toEqual([]);
    expect(found('psexec \\\\host -u admin -p %ADMIN_PW% cmd')).toEqual([]);
    expect(found('Connect-Server -User $user -Password $password')).toEqual([]);
    expect(found('new NetworkCredential(user, password)')).toEqual([]);
    expect(found('The password is required. The password was "invalid".')).toEqual([]);
    expect(found('Authorization: Bearer <token>')).toEqual([]);
    expect(found('Set Password=; in the connection string to use integrated security.')).toEqual([]);
  });
});
