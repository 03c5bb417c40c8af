import { parse, postprocess, preprocess } from 'micromark';

/**
 * The Markdown constructs that point somewhere, found by a real CommonMark parser (micromark) with exact
 * source offsets: inline and reference images and links, link reference definitions and autolinks. Code
 * spans and blocks are reported too: what is inside them renders as text, so no transform touches it.
 */

export type LinkKind = 'image' | 'link' | 'definition' | 'autolink';

export interface MarkdownConstruct {
  kind: LinkKind;
  start: number;
  end: number;
  /** The destination's raw source span; for a reference, resolved through its definition (by label). */
  dest?: { start: number; end: number } | undefined;
  /** A reference link's normalised label, when the destination is in a definition. */
  reference?: string;
  /** The label's source span (link text or image alt). */
  label?: { start: number; end: number };
  /** The construct this one sits in (an image inside a link's text). */
  parent?: MarkdownConstruct;
}

export interface MarkdownScan {
  constructs: MarkdownConstruct[];
  /** Code spans and blocks: [start, end) pairs. */
  code: Array<[number, number]>;
  /** Definition destinations by normalised label. */
  definitions: Map<string, { start: number; end: number }>;
}

interface Token {
  type: string;
  start: { offset: number };
  end: { offset: number };
}

type Event = [string, Token, unknown];

/**
 * Emphasis is not parsed: it never changes where a link, image, code span or tag is (CommonMark resolves
 * those first), and micromark's emphasis matching is quadratic on runs like `*a*a*a…` (4 KB: 200 ms).
 */
const PARSE_OPTIONS = { extensions: [{ disable: { null: ['attention'] } }] };

const CODE = new Set(['codeText', 'codeFenced', 'codeIndented']);

/** Labels match case-insensitively with whitespace collapsed, as CommonMark matches them. */
export function normalizeLabel(label: string): string {
  return label
    .replace(/[\t\n\r ]+/g, ' ')
    .trim()
    .toLowerCase();
}

export function scanMarkdown(text: string): MarkdownScan {
  const events = postprocess(
    parse(PARSE_OPTIONS)
      .document()
      .write(preprocess()(text, undefined, true)),
  ) as unknown as Event[];
  const scan: MarkdownScan = { constructs: [], code: [], definitions: new Map() };
  const open: MarkdownConstruct[] = [];
  for (const [kind, token] of events) {
    if (kind !== 'enter') {
      if (token.type === 'image' || token.type === 'link' || token.type === 'definition' || token.type === 'autolink') open.pop();
      continue;
    }
    const start = token.start.offset;
    const end = token.end.offset;
    const current = open[open.length - 1];
    switch (token.type) {
      case 'image':
      case 'link':
      case 'definition':
      case 'autolink': {
        const construct: MarkdownConstruct = { kind: token.type, start, end };
        if (current) construct.parent = current;
        scan.constructs.push(construct);
        open.push(construct);
        break;
      }
      case 'labelText':
        if (current && !current.label) current.label = { start, end };
        break;
      case 'resourceDestinationString':
      case 'autolinkProtocol':
      case 'autolinkEmail':
        if (current) current.dest = { start, end };
        break;
      case 'definitionDestinationString':
        if (current) {
          current.dest = { start, end };
          if (current.reference !== undefined && !scan.definitions.has(current.reference)) scan.definitions.set(current.reference, { start, end });
        }
        break;
      case 'definitionLabelString':
        if (current) current.reference = normalizeLabel(text.slice(start, end));
        break;
      case 'referenceString':
        if (current) current.reference = normalizeLabel(text.slice(start, end));
        break;
      default:
        if (CODE.has(token.type)) scan.code.push([start, end]);
    }
  }
  resolveReferences(scan, text);
  return scan;
}

/** A reference (full, collapsed or shortcut) points at its definition's destination. */
function resolveReferences(scan: MarkdownScan, text: string): void {
  for (const c of scan.constructs) {
    if (c.kind === 'definition' || c.kind === 'autolink' || c.dest) continue;
    const label = c.reference ?? (c.label ? normalizeLabel(text.slice(c.label.start, c.label.end)) : undefined);
    if (label === undefined) continue;
    c.reference = label;
    c.dest = scan.definitions.get(label);
  }
}
