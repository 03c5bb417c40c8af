import { domainList } from './urls.js';

/** What happens to an image or link outside its allow-list: shown inert with its URL as text, or removed. */
export type LinkAction = 'defang' | 'remove';

/** Options of the `render` detector (guardrail profile `output.render.options`), validated at start. */
export interface RenderOptions {
  /** Markdown images: only these domains (and subdomains) may load; default none. */
  images?: { allowedDomains?: string[]; action?: LinkAction };
  /** Markdown links and autolinks: only these domains may stay clickable; default none (set the operator's own). */
  links?: { allowedDomains?: string[]; action?: LinkAction };
  /** Drop query strings and fragments from images and links even on allowed domains. Default false. */
  stripQuery?: boolean;
  /** HTML: sanitise to an allow-list of tags (default), escape every tag, or leave it. */
  html?: 'sanitize' | 'escape' | 'off';
  /** Tags kept by `sanitize`; every other tag is escaped, and script-like elements removed with their content. */
  allowedTags?: string[];
  /** ANSI escape sequences and OSC 8 hyperlinks: removed (default), escaped as visible text, or left. */
  terminal?: 'remove' | 'escape' | 'off';
  /** The answer feeds a spreadsheet: cells starting with = + - @ tab or CR are prefixed with '. Default false. */
  spreadsheet?: boolean;
  /** Transform tool-call arguments too (they are JSON; transforms rewrite string content). Default false. */
  toolArguments?: boolean;
}

export interface ResolvedRenderOptions {
  imageDomains: string[];
  imageAction: LinkAction;
  linkDomains: string[];
  linkAction: LinkAction;
  stripQuery: boolean;
  html: 'sanitize' | 'escape' | 'off';
  allowedTags: string[];
  terminal: 'remove' | 'escape' | 'off';
  spreadsheet: boolean;
  toolArguments: boolean;
}

/** Formatting tags with no way to load or run anything; `a` keeps only http(s)/mailto hrefs. */
export const DEFAULT_ALLOWED_TAGS = [
  ...['b', 'i', 'em', 'strong', 'u', 's', 'del', 'ins', 'mark', 'small', 'sub', 'sup', 'kbd', 'code', 'pre', 'samp', 'var'],
  ...['p', 'br', 'hr', 'blockquote', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
  ...['table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'details', 'summary', 'a', 'span', 'div'],
];

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value as T)) throw new TypeError(`render: ${name} must be one of ${allowed.join(', ')}`);
  return value as T;
}

function strings(name: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new TypeError(`render: ${name} must be an array of strings`);
  return value as string[];
}

function flag(name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new TypeError(`render: ${name} must be true or false`);
  return value;
}

/** Checks and completes the options; throws TypeError on anything malformed (at start, never in detect). */
export function resolveRenderOptions(options: RenderOptions | undefined): ResolvedRenderOptions {
  const o = (options ?? {}) as Record<string, unknown>;
  const known = ['images', 'links', 'stripQuery', 'html', 'allowedTags', 'terminal', 'spreadsheet', 'toolArguments'];
  for (const key of Object.keys(o)) if (!known.includes(key)) throw new TypeError(`render: unknown option "${key}"`);
  const images = (o.images ?? {}) as Record<string, unknown>;
  const links = (o.links ?? {}) as Record<string, unknown>;
  return {
    imageDomains: domainList(strings('images.allowedDomains', images.allowedDomains)),
    imageAction: oneOf('images.action', images.action, ['defang', 'remove'], 'defang'),
    linkDomains: domainList(strings('links.allowedDomains', links.allowedDomains)),
    linkAction: oneOf('links.action', links.action, ['defang', 'remove'], 'defang'),
    stripQuery: flag('stripQuery', o.stripQuery),
    html: oneOf('html', o.html, ['sanitize', 'escape', 'off'], 'sanitize'),
    allowedTags: o.allowedTags === undefined ? DEFAULT_ALLOWED_TAGS : strings('allowedTags', o.allowedTags).map((t) => t.toLowerCase()),
    terminal: oneOf('terminal', o.terminal, ['remove', 'escape', 'off'], 'remove'),
    spreadsheet: flag('spreadsheet', o.spreadsheet),
    toolArguments: flag('toolArguments', o.toolArguments),
  };
}
