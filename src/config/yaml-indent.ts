/**
 * Indentation mistakes in YAML, said plainly and at the line that holds them. The yaml library reports
 * them as consequences, often on the line above ("Nested mappings are not allowed in compact mappings" at
 * the value before a key indented one space too many), and a list item indented one space too many is not
 * an error at all: it silently becomes more text of the item above. This scan walks the lines, keeps the
 * columns of the mappings and lists that are open, and names the line that lines up with none of them.
 */

/** An indentation problem at a line (1-based line and column). */
export interface IndentIssue {
  line: number;
  column: number;
  message: string;
  /** YAML accepts the text, with another meaning than the indentation suggests (a list item folded into text). */
  silent: boolean;
}

interface ScannedLine {
  line: number;
  /** Spaces before the content. */
  indent: number;
  kind: 'key' | 'item' | 'text';
  /** The key of a `key:` line, or of a `- key:` item. */
  key?: string;
  /** Column (0-based) of that key, or of an item's content: the indent, or where it starts after `- `. */
  keyColumn: number;
  /** Items: the column of each dash (`- - x` is a list in a list). */
  dashes: number[];
  /** Nothing but an anchor, tag or comment after the colon or dash: a nested block may follow... */
  opens: boolean;
  /** ...indented past this column. */
  childOf: number;
  /** What follows the colon or dash, comments left in. */
  value: string;
}

interface Level {
  indent: number;
  kind: 'map' | 'seq';
  /** Who holds it, for messages: `"server"`, `this list item`, or `the top level`. */
  owner: string;
  /** Line of its latest entry, and that entry's key (mappings). */
  line: number;
  last?: string;
}

const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{}[\],&*!|>%@`-][^#]*?|-[^\s#][^#]*?)[ \t]*:(?:[ \t]+(.*))?$/;
const ITEM = /^-(?: +|$)/;
const BLOCK_SCALAR = /^[|>][0-9+-]*\s*(#.*)?$/;
const spaces = (n: number): string => `${n} space${n === 1 ? '' : 's'}`;

function opensBlock(value: string): boolean {
  const bare = value.replace(/(^|\s)#.*$/, '').trim();
  return bare === '' || /^[&!]\S*$/.test(bare);
}

/** Reads one line's content: a `key: value`, a `- item` (maybe `- key: value`, or `- - item`), or text. */
function classify(line: number, indent: number, rest: string): ScannedLine {
  const dashes: number[] = [];
  let column = indent;
  let after = rest;
  for (let item = ITEM.exec(after); item; item = ITEM.exec(after)) {
    dashes.push(column);
    column += item[0].length;
    after = after.slice(item[0].length);
  }
  const kind = dashes.length > 0 ? 'item' : 'text';
  const key = KEY.exec(after);
  if (key) {
    const value = key[2] ?? '';
    return {
      line,
      indent,
      kind: kind === 'item' ? 'item' : 'key',
      key: unquote(key[1] as string),
      keyColumn: column,
      dashes,
      opens: opensBlock(value),
      childOf: column,
      value,
    };
  }
  const opens = kind === 'item' && opensBlock(after);
  return { line, indent, kind, keyColumn: column, dashes, opens, childOf: dashes.at(-1) ?? indent, value: after };
}

function unquote(key: string): string {
  return /^["']/.test(key) ? key.slice(1, -1) : key.trim();
}

/** A flow collection (`[`, `{`) or a quoted scalar left open at the end of a line: what follows is its content. */
interface Open {
  depth: number;
  quote?: string;
}
const CLOSED: Open = { depth: 0 };

/** What is still open after `text`, given what was open before it; only a value that starts quoted or as a flow can open. */
function carry(text: string, open: Open): Open {
  if (open.depth === 0 && open.quote === undefined && !/^["'[{]/.test(text)) return CLOSED;
  let { depth, quote } = open;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quote !== undefined) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote && quote === "'" && text[i + 1] === "'") i++;
      else if (ch === quote) {
        quote = undefined;
        if (depth === 0) return CLOSED;
      }
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1] as string))) break;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') {
      depth = Math.max(0, depth - 1);
      if (depth === 0) return CLOSED;
    }
  }
  return { depth, quote };
}

const describe = (level: Level): string =>
  level.owner === 'the top level' ? 'the top-level sections' : `the ${level.kind === 'map' ? 'keys' : 'items'} of ${level.owner}`;
const subject = (s: ScannedLine): string => (s.kind === 'key' ? `"${s.key}"` : 'this list item');

/** Walks the lines once, keeping the open mappings and lists; see the file comment. */
class IndentScan {
  readonly issues: IndentIssue[] = [];
  private levels: Level[] = [];
  private prev: ScannedLine | undefined;
  /** Inside a block scalar: lines indented past this column belong to it. */
  private blockAbove: number | undefined;
  private open: Open = CLOSED;

  scan(text: string): IndentIssue[] {
    const lines = text.split('\n');
    for (let index = 0; index < lines.length; index++) this.read((lines[index] as string).replace(/\r$/, ''), index + 1);
    return this.issues;
  }

  private read(raw: string, line: number): void {
    const lead = (/^[ \t]*/.exec(raw) as RegExpExecArray)[0];
    const rest = raw.slice(lead.length);
    if (this.blockAbove !== undefined) {
      if (rest === '' || lead.length > this.blockAbove) return;
      this.blockAbove = undefined;
    }
    if (this.open !== CLOSED) {
      this.open = carry(rest, this.open);
      return;
    }
    if (rest === '' || rest.startsWith('#')) return;
    if (lead.includes('\t')) {
      const column = lead.indexOf('\t') + 1;
      this.issues.push({
        line,
        column,
        message: 'this line is indented with a tab, and YAML indents with spaces only: replace the tab with spaces',
        silent: false,
      });
      return;
    }
    if (/^(---|\.\.\.)(\s|$)/.test(rest) || rest.startsWith('%')) {
      this.levels = [];
      this.prev = undefined;
      return;
    }
    const scanned = classify(line, lead.length, rest);
    this.place(scanned);
    if (scanned.kind !== 'text' && BLOCK_SCALAR.test(scanned.value.trim())) this.blockAbove = scanned.childOf;
    else this.open = carry(scanned.value, CLOSED);
    this.prev = scanned;
  }

  /** Puts a line in the open structure, or reports how its indentation fits none of it. */
  private place(s: ScannedLine): void {
    const prev = this.prev;
    if (prev?.opens && (s.indent > prev.childOf || (s.kind === 'item' && prev.kind === 'key' && s.indent === prev.childOf))) {
      this.nest(s, prev.key === undefined ? 'this list item' : `"${prev.key}"`);
      return;
    }
    let popped: Level | undefined;
    while ((this.levels.at(-1)?.indent ?? -1) > s.indent) popped = this.levels.pop();
    const top = this.levels.at(-1);
    if (!top) this.nest(s, 'the top level');
    else if (top.indent === s.indent) this.sibling(s, top);
    else if (popped) this.report(s, this.between(s, top, popped), false);
    else if (s.kind !== 'text') this.report(s, this.deeper(s, top), s.kind === 'item');
  }

  /** A new, deeper mapping or list, and what opens inside a `- key:` or `- - x` item. */
  private nest(s: ScannedLine, owner: string): void {
    if (s.kind === 'text') return;
    if (s.kind === 'key') this.levels.push({ indent: s.indent, kind: 'map', owner, line: s.line, last: s.key });
    else this.levels.push({ indent: s.indent, kind: 'seq', owner, line: s.line });
    this.insideItem(s);
  }

  /** The lists of `- - x` past the first dash, and the mapping of `- key: value`. */
  private insideItem(s: ScannedLine): void {
    if (s.kind !== 'item') return;
    for (const dash of s.dashes.slice(1)) this.levels.push({ indent: dash, kind: 'seq', owner: 'this list item', line: s.line });
    if (s.key !== undefined) this.levels.push({ indent: s.keyColumn, kind: 'map', owner: 'this list item', line: s.line, last: s.key });
  }

  private sibling(s: ScannedLine, top: Level): void {
    let level = top;
    // A list may sit at its key's column (`files:` then `- a`); the next key at that column closes it.
    if (level.kind === 'seq' && s.kind === 'key') {
      const below = this.levels.at(-2);
      if (!below || below.indent !== s.indent) return;
      this.levels.pop();
      level = below;
    }
    level.line = s.line;
    if (s.kind === 'key') level.last = s.key;
    this.insideItem(s);
  }

  /** Indented past its siblings, under a line that has a value (so nothing can nest under it). */
  private deeper(s: ScannedLine, top: Level): string {
    const more = spaces(s.indent - top.indent);
    if (s.kind === 'item' && top.kind === 'seq')
      return `this list item is indented ${spaces(s.indent)}, ${more} more than the item on line ${top.line}: YAML reads it as more text of that item. Indent its dash ${spaces(top.indent)}`;
    if (s.kind === 'item')
      return `this list item is indented ${spaces(s.indent)}, under "${top.last}" (line ${top.line}), which already has a value: YAML reads it as more of that value. Put "${top.last}:" alone on its line to start a list under it, or quote the text`;
    const above = top.kind === 'map' ? `"${top.last}"` : 'the list item';
    return `${subject(s)} is indented ${spaces(s.indent)}, ${more} more than ${above} on line ${top.line}: the keys of one mapping start at the same column, so indent it ${spaces(top.indent)} (only a key with nothing after its colon can have keys under it)`;
  }

  /** Indented between two open levels: in neither. */
  private between(s: ScannedLine, top: Level, popped: Level): string {
    return (
      `${subject(s)} is indented ${spaces(s.indent)}, which lines up with nothing above it: ${describe(popped)} (line ${popped.line}) are at ` +
      `${spaces(popped.indent)}, ${describe(top)} at ${spaces(top.indent)}. Indent it ${spaces(popped.indent)} to stay in ${popped.owner}, or ${spaces(top.indent)} for ${top.owner}`
    );
  }

  private report(s: ScannedLine, message: string, silent: boolean): void {
    this.issues.push({ line: s.line, column: s.indent + 1, message, silent });
  }
}

/** The indentation problems of a YAML text, in line order. */
export function indentationIssues(text: string): IndentIssue[] {
  return new IndentScan().scan(text);
}
