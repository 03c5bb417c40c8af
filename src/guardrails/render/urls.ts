/**
 * How a browser would read a URL in rendered output: character references and backslash escapes decoded
 * (a Markdown renderer does both), control and whitespace characters dropped (browsers skip them inside a
 * scheme), then parsed against a stand-in origin so relative links are told apart from remote ones.
 */

/** Schemes that run code or carry content rather than point at a resource. */
const DANGEROUS_SCHEMES = ['javascript', 'vbscript', 'data', 'file', 'livescript', 'mocha'];

/** The page the output is rendered on: a relative URL resolves to it. */
const RENDER_ORIGIN = 'https://render.invalid/';

const NAMED: Record<string, string> = {
  colon: ':',
  tab: '\t',
  newline: '\n',
  sol: '/',
  lpar: '(',
  rpar: ')',
  period: '.',
  amp: '&',
  quot: '"',
  apos: "'",
  lt: '<',
  gt: '>',
  nbsp: ' ',
  percnt: '%',
  num: '#',
  quest: '?',
  equals: '=',
};

/** Numeric and the URL-relevant named character references, with or without the closing semicolon. */
export function decodeReferences(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]{1,8}|#[0-9]{1,10}|[a-z]{2,8});?/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

function percentDecoded(text: string): string {
  let out = text;
  // Twice: a double-encoded scheme (%256a) is one decode from looking like the single-encoded one.
  for (let i = 0; i < 2 && out.includes('%'); i++) {
    try {
      out = decodeURIComponent(out);
    } catch {
      out = out.replace(/%([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
    }
  }
  return out;
}

/** The scheme a URL really has, after every obfuscation a browser or renderer would undo; '' when none. */
export function effectiveScheme(raw: string): string {
  const cleaned = percentDecoded(decodeReferences(raw.replace(/\\(.)/g, '$1')))
    // Every space and control character, Unicode ones included: some renderers and old browsers skip them.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers skip these inside a scheme
    .replace(/[\s\u0000-\u001f\u007f-\u00a0\u00ad\u180e\u200b-\u200f\u2060]/g, '')
    .toLowerCase();
  const m = /^([a-z][a-z0-9+.-]{0,31}):/.exec(cleaned);
  return m ? (m[1] as string) : '';
}

export function isDangerousScheme(raw: string): boolean {
  return DANGEROUS_SCHEMES.includes(effectiveScheme(raw));
}

export interface ParsedUrl {
  /** Lower-cased host without a trailing dot; '' for a relative URL (it stays on the page's own origin). */
  host: string;
  /** The URL as the renderer would fetch it. */
  href: string;
  hasQuery: boolean;
}

/** A link or image destination as a browser resolves it; undefined when it is not a URL at all. */
export function parseDestination(raw: string): ParsedUrl | undefined {
  const decoded = decodeReferences(raw.replace(/\\([!-/:-@[-`{-~])/g, '$1')).trim();
  let url: URL;
  try {
    url = new URL(decoded, RENDER_ORIGIN);
  } catch {
    return undefined;
  }
  const relative = url.origin === new URL(RENDER_ORIGIN).origin;
  return { host: relative ? '' : url.hostname.toLowerCase().replace(/\.+$/, ''), href: url.href, hasQuery: url.search !== '' || url.hash !== '' };
}

/** The raw destination without its query string and fragment. */
export function withoutQuery(raw: string): string {
  const cut = raw.search(/[?#]/);
  return cut === -1 ? raw : raw.slice(0, cut);
}

/** Normalised allow-list entries: 'example.com' allows it and its subdomains; '*.' and trailing dots are ignored. */
export function domainList(entries: readonly string[]): string[] {
  return entries.map((d) => d.trim().toLowerCase().replace(/^\*\./, '').replace(/\.+$/, '')).filter((d) => d !== '');
}

export function hostAllowed(host: string, allowed: readonly string[]): boolean {
  return allowed.some((d) => host === d || host.endsWith(`.${d}`));
}

/**
 * The last two labels of a host, for evidence: enough to see where a URL pointed, never subdomain labels,
 * which an attacker can fill with the data being sent (`ann-lee-example-com.attacker.example`).
 */
export function evidenceHost(host: string): string {
  if (host.startsWith('[') || /^[\d.]+$/.test(host)) return host;
  return host.split('.').slice(-2).join('.');
}
