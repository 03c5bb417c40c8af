import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorBody } from './errors.js';
import { REASON_CODES, type ReasonCode } from './reason-codes.js';

const doc = readFileSync(new URL('../../docs/reason-codes.md', import.meta.url), 'utf8');
const documented = new Map<string, number>();
for (const match of doc.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)) documented.set(match[1] as string, Number(match[2]));

describe('reason-code catalogue', () => {
  it('docs/reason-codes.md lists exactly the catalogue, with the same statuses', () => {
    const catalogue = new Map(Object.entries(REASON_CODES).map(([code, entry]) => [code, entry.status as number]));
    expect(documented).toEqual(catalogue);
  });

  it('uses standard HTTP statuses for everything that is sent', () => {
    for (const [code, entry] of Object.entries(REASON_CODES)) {
      if (code === 'client_closed_request') continue;
      expect([200, 400, 401, 403, 404, 405, 408, 409, 413, 417, 415, 429, 431, 500, 502, 503, 504]).toContain(entry.status);
    }
  });

  it('never echoes a 5xx message, keeps a 4xx one', () => {
    for (const code of Object.keys(REASON_CODES) as ReasonCode[]) {
      const body = errorBody(code, 'secret internal detail', 'p');
      expect(body.error.code).toBe(code);
      if (REASON_CODES[code].status >= 500 && code !== 'not_ready') expect(body.error.message).not.toContain('secret internal detail');
      if (REASON_CODES[code].status < 500 && REASON_CODES[code].status >= 400) expect(body.error.message).toBe('secret internal detail');
    }
  });
});
