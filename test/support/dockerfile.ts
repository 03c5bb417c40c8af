/**
 * A small Dockerfile reader for tests: the instruction list, grouped by stage. It handles what the repository's
 * Dockerfile uses (line continuations, comments, parser directives, `AS` stage names, `--flag=value` options,
 * exec-form JSON arrays); it is not a full implementation of the Dockerfile grammar.
 */

export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY, ... */
  keyword: string;
  /** Everything after the keyword, continuations joined with a space. */
  args: string;
  /** 1-based line of the keyword. */
  line: number;
}

export interface Stage {
  /** The FROM image reference. */
  image: string;
  /** The `AS` name, if any. */
  name: string | undefined;
  instructions: Instruction[];
}

/** The instructions of a Dockerfile, in order. */
export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { parts: string[]; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    // Comments (and parser directives) are whole lines, also inside a continued instruction.
    if (line.startsWith('#') || (line === '' && pending === undefined)) return;
    const continued = line.endsWith('\\');
    const body = continued ? line.slice(0, -1).trim() : line;
    if (pending === undefined) pending = { parts: [], line: index + 1 };
    if (body !== '') pending.parts.push(body);
    if (continued) return;
    const joined = pending.parts.join(' ');
    const space = joined.search(/\s/);
    instructions.push({
      keyword: (space === -1 ? joined : joined.slice(0, space)).toUpperCase(),
      args: space === -1 ? '' : joined.slice(space + 1).trim(),
      line: pending.line,
    });
    pending = undefined;
  });
  return instructions;
}

/** The instructions grouped by stage (instructions before the first FROM, such as ARG, are dropped). */
export function stagesOf(instructions: readonly Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const words = withoutFlags(instruction.args).split(/\s+/);
      const as = words.findIndex((w) => w.toUpperCase() === 'AS');
      stages.push({ image: words[0] ?? '', name: as === -1 ? undefined : words[as + 1], instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** `--name=value` options at the start of an instruction's arguments. */
export function flagsOf(args: string): Record<string, string> {
  const flags: Record<string, string> = {};
  for (const word of args.split(/\s+/)) {
    if (!word.startsWith('--')) break;
    const eq = word.indexOf('=');
    flags[eq === -1 ? word.slice(2) : word.slice(2, eq)] = eq === -1 ? 'true' : word.slice(eq + 1);
  }
  return flags;
}

/** The arguments without their leading `--name=value` options. */
export function withoutFlags(args: string): string {
  return args.replace(/^(?:--[a-z-]+(?:=\S+)?\s+)+/, '');
}

/** An exec-form argument list (`["node", "x.js"]`), or undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  const trimmed = withoutFlags(args).trim();
  if (!trimmed.startsWith('[')) return undefined;
  const value = JSON.parse(trimmed) as unknown;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new Error(`not an exec form: ${args}`);
  return value;
}

/** COPY/ADD sources and destination (shell form, whitespace separated). */
export function copyPaths(args: string): { sources: string[]; destination: string } {
  const words = withoutFlags(args).split(/\s+/);
  return { sources: words.slice(0, -1), destination: words.at(-1) ?? '' };
}

/** ENV in `KEY=value` form (several per instruction), values without quotes or spaces. */
export function envOf(args: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of args.split(/\s+/)) {
    const eq = pair.indexOf('=');
    if (eq > 0) env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}
