import { describe, expect, it } from 'vitest';
import { createUrlsDetector, hostOf } from './index.js';
import { floodsFor } from '../detector-floods.fixtures.js';

const ctx = { direction: 'output' } as const;
const detector = createUrlsDetector({ allowedDomains: ['example.com', '*.docs.acme.io', 'GitHub.com.'] });
const PROMPT = (
  'Please summarise the quarterly report at https://docs.example.com/q3?x=1 for the finance team. ' +
  'See also https://github.com/acme/repo and www.wikipedia.org. Reply politely and list three options. '
)
  .repeat(30)
  .slice(0, 4096);

describe('urls detector', () => {
  it('flags hosts outside the allowlist, with the host only as evidence', () => {
    const text = 'Read https://evil.example.net/x?q=secret. Then ![img](http://user:pw@attacker.io:8080/p.png)';
    expect(detector.detect(text, ctx)).toEqual([
      { detector: 'urls', type: 'url_not_allowed', score: 0.7, start: 5, end: 40, evidence: 'evil.example.net' },
      { detector: 'urls', type: 'url_not_allowed', score: 0.7, start: 54, end: 91, evidence: 'attacker.io' },
    ]);
  });

  it('allows listed domains and their subdomains only', () => {
    expect(detector.detect(PROMPT, ctx)).toEqual([]);
    expect(detector.detect('https://a.b.example.com/ and https://v2.docs.acme.io', ctx)).toEqual([]);
    expect(detector.detect('https://notexample.com/ https://example.com.evil.io/', ctx).map((f) => f.evidence)).toEqual([
      'notexample.com',
      'example.com.evil.io',
    ]);
  });

  it('flags IP literals, javascript: and data: URLs', () => {
    const text = 'http://127.0.0.1/a http://[::1]:80/ http://2130706433/ <a href="javascript:alert(1)"> data:text/html;base64,PGI+';
    expect(detector.detect(text, ctx).map((f) => [f.type, f.evidence])).toEqual([
      ['url_ip_literal', '127.0.0.1'],
      ['url_ip_literal', '[::1]'],
      ['url_ip_literal', '2130706433'],
      ['javascript_url', 'javascript:'],
      ['data_url', 'data:text/html'],
    ]);
  });

  it('an empty allowlist flags every host; bad config throws', () => {
    expect(createUrlsDetector({ allowedDomains: [] }).detect('https://example.com', ctx)).toHaveLength(1);
    expect(() => createUrlsDetector({} as never)).toThrow(TypeError);
    expect(hostOf('https://User@Example.COM.:443/path')).toBe('example.com');
  });

  it('never throws on random input, and finds what it should in pathological floods', () => {
    for (let n = 0; n < 100; n++) {
      let s = '';
      for (let i = 0; i < 400; i++) s += String.fromCharCode(Math.floor(Math.random() * 0x10000));
      expect(() => detector.detect(s, ctx)).not.toThrow();
    }
    for (const { text, findings } of floodsFor('urls')) expect(detector.detect(text, ctx), text.slice(0, 12)).toHaveLength(findings);
  });
});
