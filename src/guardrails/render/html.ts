import { type Token, Tokenizer, type TokenHandler } from 'parse5';
import sanitizeHtml from 'sanitize-html';
import { isPlaceholder } from '../vault.js';
import type { Edit } from './edits.js';
import type { ResolvedRenderOptions } from './options.js';
import { hostAllowed, isDangerousScheme, parseDestination } from './urls.js';

/**
 * HTML in an answer, read by the HTML tokenizer browsers follow (parse5's, with exact source offsets). Every
 * tag, comment, doctype and processing instruction is a token; tokens are not built into a tree, because a
 * tree builder silently drops tags (a stray `<body onload>`) that a renderer may still act on.
 *
 * `escape` escapes every token: the renderer shows it as text. `sanitize` keeps the allow-listed tags, with
 * their attributes cut to an allow-list by sanitize-html (no event handlers, no `style`, `href` only http,
 * https and mailto on an allowed link domain), and escapes every other token: a `<script>`, `<iframe>` or
 * `<svg>` tag escaped is text, and so is what was between its tags. Nothing is re-parsed into a tree, so
 * the output is the input with tokens rewritten in place.
 */

/** Attributes kept on allowed tags; everything else (on*, style, srcset, formaction, ...) goes. */
const ALLOWED_ATTRIBUTES: Record<string, string[]> = { a: ['href', 'title'], img: ['src', 'alt', 'title', 'width', 'height'], '*': ['title'] };
const URL_ATTRIBUTES: Record<string, string> = { a: 'href', img: 'src' };

interface TagSpan {
  kind: 'start' | 'end' | 'other';
  name: string;
  start: number;
  end: number;
  attrs: Token.Attribute[];
}

/** Every markup token of `text` with its source span; `blank` spans (code) were blanked out beforehand. */
function markupTokens(text: string): TagSpan[] {
  const spans: TagSpan[] = [];
  const tag = (kind: 'start' | 'end') => (t: Token.TagToken) => {
    if (t.location) spans.push({ kind, name: t.tagName, start: t.location.startOffset, end: t.location.endOffset, attrs: t.attrs });
  };
  const other = (t: Token.CommentToken | Token.DoctypeToken) => {
    if (t.location) spans.push({ kind: 'other', name: '!', start: t.location.startOffset, end: t.location.endOffset, attrs: [] });
  };
  const ignore = () => {};
  const handler: TokenHandler = {
    onStartTag: tag('start'),
    onEndTag: tag('end'),
    onComment: other,
    onDoctype: other,
    onCharacter: ignore,
    onNullCharacter: ignore,
    onWhitespaceCharacter: ignore,
    onEof: ignore,
    onParseError: ignore,
  } as TokenHandler;
  new Tokenizer({ sourceCodeLocationInfo: true }, handler).write(text, true);
  return spans;
}

/** Escaped markup renders as its own text, in HTML and in Markdown alike. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Edits for the markup in `scanned` (the text with code spans blanked, same offsets); `text` is the original. */
export function htmlEdits(text: string, scanned: string, options: ResolvedRenderOptions): Edit[] {
  const edits: Edit[] = [];
  for (const token of markupTokens(scanned)) {
    const source = text.slice(token.start, token.end);
    // A tokenized value (`<EMAIL_ADDRESS_1_k7q2mx>`) is restored for the caller after the transforms; it
    // has no attributes and no known tag name, so it is inert as it stands.
    if (token.kind === 'start' && token.attrs.length === 0 && isPlaceholder(source)) continue;
    if (options.html === 'escape' || token.kind === 'other' || !options.allowedTags.includes(token.name)) {
      const type = token.kind === 'other' ? 'html_markup' : 'html_tag';
      edits.push({ start: token.start, end: token.end, replacement: escapeHtml(source), type, action: 'escaped', detail: token.name.slice(0, 32) });
      continue;
    }
    const edit = token.kind === 'end' ? endTagEdit(token, source) : startTagEdit(token, source, options);
    if (edit) edits.push(edit);
  }
  return edits;
}

function endTagEdit(token: TagSpan, source: string): Edit | undefined {
  const clean = `</${token.name}>`;
  if (source.toLowerCase() === clean) return undefined;
  return { start: token.start, end: token.end, replacement: clean, type: 'html_tag', action: 'sanitized', detail: token.name };
}

function startTagEdit(token: TagSpan, source: string, options: ResolvedRenderOptions): Edit | undefined {
  const urlAttr = URL_ATTRIBUTES[token.name];
  const url = urlAttr === undefined ? undefined : token.attrs.find((a) => a.name === urlAttr)?.value;
  if (url !== undefined && !urlAllowed(token.name, url, options)) {
    return { start: token.start, end: token.end, replacement: escapeHtml(source), type: 'html_tag', action: 'escaped', detail: token.name };
  }
  const allowed = ALLOWED_ATTRIBUTES[token.name] ?? [];
  const global = ALLOWED_ATTRIBUTES['*'] ?? [];
  if (token.attrs.every((a) => allowed.includes(a.name) || global.includes(a.name))) return undefined;
  const cleaned = sanitizeHtml(source, {
    allowedTags: [token.name],
    allowedAttributes: ALLOWED_ATTRIBUTES,
    allowedSchemes: ['http', 'https', 'mailto'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'escape',
  });
  // sanitize-html closes what it opens: only the rebuilt start tag replaces the source's.
  const closing = `</${token.name}>`;
  const replacement = cleaned.endsWith(closing) ? cleaned.slice(0, -closing.length) : cleaned;
  return { start: token.start, end: token.end, replacement, type: 'html_attribute', action: 'sanitized', detail: token.name };
}

/** An allowed tag's link or image URL: never a dangerous scheme, and on the matching allow-list. */
function urlAllowed(tag: string, value: string, options: ResolvedRenderOptions): boolean {
  if (isDangerousScheme(value)) return false;
  const url = parseDestination(value);
  if (!url) return false;
  if (tag === 'img') return url.host !== '' && hostAllowed(url.host, options.imageDomains);
  return url.host === '' || hostAllowed(url.host, options.linkDomains);
}
