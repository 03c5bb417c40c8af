import { applyWithin, type Edit } from './edits.js';
import type { MarkdownConstruct, MarkdownScan } from './markdown.js';
import type { ResolvedRenderOptions } from './options.js';
import { evidenceHost, hostAllowed, isDangerousScheme, parseDestination, withoutQuery } from './urls.js';

/**
 * Markdown images, links, definitions and autolinks against the profile's allow-lists. A construct that
 * may not stay is defanged (its text kept, its URL shown in a code span, which no renderer fetches or links)
 * or removed; a dangerous scheme is never allowed; an allowed one can lose its query string and fragment.
 */
export function linkEdits(text: string, scan: MarkdownScan, options: ResolvedRenderOptions): Edit[] {
  const edits: Edit[] = [];
  // Innermost first: an image inside a link is rewritten before the link's label is reused. Each construct
  // collects its children's edits, so a label is rebuilt from its own children only (linear in the text).
  const children = new Map<MarkdownConstruct, Edit[]>();
  const ordered = [...scan.constructs].sort((a, b) => b.start - a.start || a.end - b.end);
  for (const c of ordered) {
    const inner = (children.get(c) ?? []).sort((a, b) => a.start - b.start);
    const edit = constructEdit(text, c, options, inner);
    if (!edit) continue;
    edits.push(edit);
    if (c.parent) {
      const siblings = children.get(c.parent);
      if (siblings) siblings.push(edit);
      else children.set(c.parent, [edit]);
    }
  }
  return edits;
}

function constructEdit(text: string, c: MarkdownConstruct, options: ResolvedRenderOptions, inner: readonly Edit[]): Edit | undefined {
  if (!c.dest) return undefined;
  const raw = text.slice(c.dest.start, c.dest.end);
  const image = c.kind === 'image';
  const type = image ? 'markdown_image' : c.kind === 'definition' ? 'markdown_definition' : c.kind === 'autolink' ? 'autolink' : 'markdown_link';
  const action = image ? options.imageAction : options.linkAction;
  if (isDangerousScheme(raw)) return neutralise(text, c, raw, inner, 'dangerous_scheme', action, 'scheme');
  const url = parseDestination(raw);
  if (!url) return neutralise(text, c, raw, inner, type, action, 'unparsable');
  // A relative link stays on the page's own site; a relative image still makes the browser fetch, so only
  // an allowed host loads.
  const allowed = image ? url.host !== '' && hostAllowed(url.host, options.imageDomains) : url.host === '' || hostAllowed(url.host, options.linkDomains);
  if (!allowed) {
    return neutralise(text, c, raw, inner, type, action, url.host ? evidenceHost(url.host) : 'relative');
  }
  // A reference's query lives in its definition, which is stripped there.
  if (options.stripQuery && url.hasQuery && c.reference === undefined) {
    return {
      start: c.dest.start,
      end: c.dest.end,
      replacement: withoutQuery(raw),
      type: 'url_query',
      action: 'stripped_query',
      detail: url.host || 'relative',
    };
  }
  return undefined;
}

function neutralise(text: string, c: MarkdownConstruct, raw: string, inner: readonly Edit[], type: string, action: 'defang' | 'remove', detail: string): Edit {
  const label = c.label ? applyWithin(text, c.label.start, c.label.end, inner, escapeInline) : '';
  let replacement: string;
  if (c.kind === 'definition')
    replacement = action === 'remove' ? '' : `${escapeInline(text.slice(c.start, c.dest?.start ?? c.start).replace(/:\s*$/, ''))}: ${codeSpan(raw)}`;
  else if (c.kind === 'autolink') replacement = action === 'remove' ? '' : codeSpan(raw);
  else if (c.kind === 'image') replacement = action === 'remove' ? label : `${label ? `${label} ` : ''}(image: ${codeSpan(raw)})`;
  else replacement = action === 'remove' ? label : `${label} (${codeSpan(raw)})`;
  return { start: c.start, end: c.end, replacement, type, action: action === 'remove' ? 'removed' : 'defanged', detail };
}

/**
 * Text put back in Markdown with its link-making characters escaped, so it cannot form a link again, and
 * control characters dropped: a terminal sequence inside a label is not rewritten on its own once the
 * label is.
 */
export function escapeInline(text: string): string {
  return withoutControls(text).replace(/[[\]()<>!`\\]/g, '\\$&');
}

function withoutControls(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

/** A code span holding `text` literally, with a fence longer than any backtick run inside it. */
export function codeSpan(text: string): string {
  const oneLine = withoutControls(text).replace(/[\r\n]+/g, ' ');
  let longest = 0;
  for (const run of oneLine.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}
