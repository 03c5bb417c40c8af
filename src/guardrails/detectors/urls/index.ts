import type { Detector, DetectContext, Finding } from '../../types.js';

/**
 * URLs detector: links whose host is outside an allowlist (subdomains included), plus IP-literal hosts,
 * `javascript:` and `data:` URLs. In output, a link to an unknown host is the classic exfiltration channel
 * of an indirect injection (a markdown image whose query string carries the conversation). An empty
 * allowlist flags every host: fail closed.
 */

export interface UrlsDetectorOptions {
  /** 'example.com' also allows 'api.example.com'; a leading '*.' is accepted and ignored. */
  allowedDomains: string[];
}

const URL_RE = /\b(?:https?|ftps?|wss?):\/\/[^\s<>"'`\\)]{1,2048}/gi;
const SCRIPT_RE = /\bjavascript\s*:/gi;
const DATA_RE = /\bdata:([a-z]{1,20}\/[a-z0-9.+-]{1,60})?[;,]/gi;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
// Also decimal (2130706433), hex (0x7f000001) and octal-dotted forms: browsers resolve them all.
const NUMERIC_HOST = /^(?:\d+|0x[0-9a-f]+)$|^(?:0x[0-9a-f]+|\d+)(?:\.(?:0x[0-9a-f]+|\d+)){1,3}$/;

/** Lower-cased host of a URL match, without userinfo, port or trailing dot. */
export function hostOf(url: string): string {
  const afterScheme = url.slice(url.indexOf('//') + 2);
  let authority = afterScheme.split(/[/?#]/, 1)[0] ?? '';
  const at = authority.lastIndexOf('@');
  if (at !== -1) authority = authority.slice(at + 1);
  if (authority.startsWith('[')) return authority.slice(0, authority.indexOf(']') + 1).toLowerCase();
  return (authority.split(':', 1)[0] ?? '').toLowerCase().replace(/\.+$/, '');
}

function isIpLiteral(host: string): boolean {
  return host.startsWith('[') || IPV4.test(host) || NUMERIC_HOST.test(host);
}

/** Creates the urls detector; throws on an invalid configuration (at start, never in detect). */
export function createUrlsDetector(options: UrlsDetectorOptions): Detector {
  if (!Array.isArray(options?.allowedDomains)) throw new TypeError('urls: allowedDomains must be an array');
  const allowed = options.allowedDomains.map((d) => d.trim().toLowerCase().replace(/^\*\./, '').replace(/\.+$/, '')).filter((d) => d !== '');

  const isAllowed = (host: string): boolean => allowed.some((d) => host === d || host.endsWith(`.${d}`));

  function detectUrls(text: string, _context: DetectContext): Finding[] {
    if (typeof text !== 'string') return [];
    const findings: Finding[] = [];
    if (text.includes('://')) {
      for (const m of text.matchAll(URL_RE)) {
        if (findings.length >= 200) break;
        // Sentence punctuation after a link, or the bracket closing "[https://...]", is not part of it.
        let url = m[0].replace(/[.,;:!?]+$/, '');
        if (url.endsWith(']') && !url.includes('[')) url = url.replace(/\]+$/, '');
        const host = hostOf(url);
        const start = m.index;
        const end = start + url.length;
        if (host === '') continue;
        if (isIpLiteral(host)) {
          findings.push({ detector: 'urls', type: 'url_ip_literal', score: 0.85, start, end, evidence: host });
        } else if (!isAllowed(host)) {
          findings.push({ detector: 'urls', type: 'url_not_allowed', score: 0.7, start, end, evidence: host });
        }
      }
    }
    if (/javascript/i.test(text)) {
      for (const m of text.matchAll(SCRIPT_RE)) {
        findings.push({ detector: 'urls', type: 'javascript_url', score: 0.95, start: m.index, end: m.index + m[0].length, evidence: 'javascript:' });
      }
    }
    if (/data:/i.test(text)) {
      for (const m of text.matchAll(DATA_RE)) {
        findings.push({ detector: 'urls', type: 'data_url', score: 0.6, start: m.index, end: m.index + m[0].length, evidence: `data:${m[1] ?? ''}` });
      }
    }
    return findings;
  }

  return { name: 'urls', detect: detectUrls };
}
