/**
 * The examples of README.md, as a reader sees them: every command of every ```sh block (a command with its
 * `\` continuation lines) with the comment that describes it, and every ```js block. A comment belongs to
 * the command right below it; comment lines right below a command and followed by a blank line (or the end
 * of the block) describe that command's output; a `# ...` at the end of a command line is its own.
 */

export interface ShellExample {
  kind: 'sh';
  /** The `## ` section the block is in. */
  section: string;
  /** 1-based line of the command in README.md. */
  line: number;
  /** As written, continuation lines included, without its trailing comment. */
  command: string;
  /** Every comment that describes it, joined with spaces ('' when none). */
  comment: string;
}

export interface ScriptExample {
  kind: 'js';
  section: string;
  line: number;
  code: string;
}

export type ReadmeExample = ShellExample | ScriptExample;

/** The examples in README order; also the yaml blocks, by section, that the sh blocks may need. */
export function readmeExamples(markdown: string): { examples: ReadmeExample[]; yaml: Array<{ section: string; text: string }> } {
  const lines = markdown.split('\n');
  const examples: ReadmeExample[] = [];
  const yaml: Array<{ section: string; text: string }> = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith('## ')) section = line.slice(3).trim();
    const fence = /^```(\w*)\s*$/.exec(line);
    if (!fence) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !(lines[end] as string).startsWith('```')) end++;
    const body = lines.slice(start, end);
    if (fence[1] === 'sh') examples.push(...shellBlock(body, section, start + 1));
    if (fence[1] === 'js') examples.push({ kind: 'js', section, line: start + 1, code: body.join('\n') });
    if (fence[1] === 'yaml') yaml.push({ section, text: body.join('\n') });
    i = end;
  }
  return { examples, yaml };
}

function shellBlock(body: string[], section: string, firstLine: number): ShellExample[] {
  const commands: ShellExample[] = [];
  let pending: string[] = [];
  // The command the comments collected since it describe, while no blank line has come between.
  let previous: ShellExample | undefined;
  for (let i = 0; i < body.length; i++) {
    const text = (body[i] as string).trim();
    if (text === '') {
      if (previous && pending.length > 0) previous.comment = [previous.comment, ...pending].filter(Boolean).join(' ');
      pending = [];
      previous = undefined;
      continue;
    }
    if (text.startsWith('#')) {
      pending.push(text.replace(/^#\s?/, ''));
      continue;
    }
    const parts: string[] = [];
    let own: string | undefined;
    let quote: string | undefined;
    const line = firstLine + i;
    for (;;) {
      const [code, comment, open] = splitComment(body[i] as string, quote);
      quote = open;
      parts.push(code);
      own = comment ?? own;
      if (!code.endsWith('\\') || i + 1 >= body.length) break;
      i++;
    }
    const example: ShellExample = { kind: 'sh', section, line, command: parts.join('\n'), comment: [...pending, own].filter(Boolean).join(' ') };
    commands.push(example);
    pending = [];
    previous = example;
  }
  if (previous && pending.length > 0) previous.comment = [previous.comment, ...pending].filter(Boolean).join(' ');
  return commands;
}

/** The code and the trailing `# comment` of one line, as the shell reads it (a `#` inside quotes is text). */
function splitComment(line: string, openQuote: string | undefined): [string, string | undefined, string | undefined] {
  let quote = openQuote;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1] as string))) {
      return [line.slice(0, i).trimEnd(), line.slice(i + 1).trim(), undefined];
    }
  }
  return [line.trimEnd(), undefined, quote];
}
