import type { DetectContext, Detector, Finding } from '../types.js';
import { type Edit, outermost } from './edits.js';
import { htmlEdits } from './html.js';
import { linkEdits } from './links.js';
import { scanMarkdown } from './markdown.js';
import { type RenderOptions, type ResolvedRenderOptions, resolveRenderOptions } from './options.js';
import { hasFormulaStart, spreadsheetEdits } from './spreadsheet.js';
import { hasEscapedTerminalControls, hasTerminalControls, jsonTerminalEdits, terminalEdits } from './terminal.js';

/**
 * The `render` detector: output transforms that make an answer safe for where it is shown. Each construct
 * that would load, link, run or control something (a Markdown image or link outside its allow-list, an
 * HTML tag, a dangerous URL scheme, a terminal escape sequence, a spreadsheet formula) is a finding whose
 * `replacement` is the construct made inert; under a `redact` policy the answer is rewritten with it,
 * under `monitor` it is only recorded. Text with none of these is never parsed: one cheap test per
 * transform decides whether it runs, and an answer without markup passes unchanged.
 */
export function createRenderDetector(options?: RenderOptions): Detector {
  const resolved = resolveRenderOptions(options);
  return {
    name: 'render',
    detect(text: string, context: DetectContext): Finding[] {
      if (typeof text !== 'string' || text.length === 0) return [];
      if (context.part === 'tool_arguments' && !resolved.toolArguments) return [];
      const edits = renderEdits(text, resolved);
      // Tool-call arguments are JSON: a control character there is an escape the client will decode.
      if (context.part === 'tool_arguments' && resolved.terminal !== 'off' && hasEscapedTerminalControls(text)) {
        return outermost([...edits, ...jsonTerminalEdits(text, resolved.terminal)]).map(toFinding);
      }
      return edits.map(toFinding);
    },
  };
}

/** Every transform's edits on `text`, outermost first and non-overlapping. */
export function renderEdits(text: string, options: ResolvedRenderOptions): Edit[] {
  const edits: Edit[] = [];
  if (options.terminal !== 'off' && hasTerminalControls(text)) edits.push(...terminalEdits(text, options.terminal));
  const markup = text.includes('<');
  if (text.length > MAX_PARSED_CHARS || tooManyLinkMarkers(text)) {
    // Past the parse bound, fail safe: no link syntax survives, and HTML is read without code spans.
    if (text.includes('](') || text.includes(']:')) edits.push(...unparsedLinkEdits(text));
    if (markup && options.html !== 'off') edits.push(...htmlEdits(text, text, options));
  } else if (markup || text.includes('](') || text.includes(']:')) {
    const scan = scanMarkdown(text);
    edits.push(...linkEdits(text, scan, options));
    if (markup && options.html !== 'off') edits.push(...htmlEdits(text, blank(text, scan.code), options));
  }
  if (options.spreadsheet && hasFormulaStart(text)) edits.push(...spreadsheetEdits(text));
  return edits.length > 0 ? outermost(edits) : edits;
}

/**
 * The Markdown parser costs a few microseconds per character (more on pathological input), so a text longer
 * than this is not parsed: an answer that long is rare, and a pathological one must not hold the event loop
 * for long (at this bound, about 40 ms on an idle core for the worst floods in detector-floods.fixtures).
 */
export const MAX_PARSED_CHARS = 16 * 1024;

/**
 * micromark's cost grows with the square of the number of open brackets (`[a][` or `[a](` repeated: 4,000
 * of them take most of a second), so a text with more brackets than a real answer has is not parsed either.
 */
export const MAX_LINK_MARKERS = 512;

function tooManyLinkMarkers(text: string): boolean {
  let count = 0;
  for (let at = text.indexOf('['); at !== -1; at = text.indexOf('[', at + 1)) if (++count > MAX_LINK_MARKERS) return true;
  return false;
}

/** Every `](` and `]:` escaped, so no inline link, image or definition can form: the fail-safe past the bound. */
function unparsedLinkEdits(text: string): Edit[] {
  const edits: Edit[] = [];
  for (const m of text.matchAll(/\]([(:])/g)) {
    edits.push({ start: m.index, end: m.index + 2, replacement: `]\\${m[1]}`, type: 'markdown_unparsed', action: 'escaped' });
  }
  return edits;
}

/** The text with the given ranges turned into spaces: same offsets, nothing inside them parsed as markup. */
function blank(text: string, ranges: ReadonlyArray<[number, number]>): string {
  if (ranges.length === 0) return text;
  let out = '';
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at) continue;
    out += text.slice(at, start) + ' '.repeat(end - start);
    at = end;
  }
  return out + text.slice(at);
}

function toFinding(e: Edit): Finding {
  const evidence = e.detail === undefined ? e.action : `${e.action} ${e.detail}`;
  return { detector: 'render', type: e.type, score: 1, start: e.start, end: e.end, evidence, replacement: e.replacement };
}
