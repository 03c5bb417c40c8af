import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { registerCheckCommand } from './check.js';
import { registerMigrateCommand } from './migrate.js';
import { registerServeCommand } from './serve.js';
import { registerVersionCommand } from './version.js';
import { packageVersion } from '../../core/version.js';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
const COMMANDS: Record<string, (program: Command) => void> = {
  serve: registerServeCommand,
  check: registerCheckCommand,
  migrate: registerMigrateCommand,
  version: registerVersionCommand,
};

/** Runs `gatehouse <args>` in process (as main.ts wires it), returning all it wrote: commander's output and the command's own. */
async function run(register: (program: Command) => void, args: string[]): Promise<string> {
  let written = '';
  const capture = (chunk: string | Uint8Array) => {
    written += String(chunk);
    return true;
  };
  const program = new Command('gatehouse').exitOverride().configureOutput({ writeOut: capture, writeErr: capture });
  register(program);
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (err) {
    // With exitOverride, commander throws once it has shown a help.
    if ((err as { code?: string }).code !== 'commander.helpDisplayed') throw err;
  } finally {
    vi.restoreAllMocks();
  }
  return written;
}

describe('gatehouse CLI', () => {
  it('version prints the package version, also as JSON', async () => {
    expect(packageVersion()).toBe(pkg.version);
    expect(await run(registerVersionCommand, ['version'])).toContain(`gatehouse ${pkg.version}`);
    expect(JSON.parse(await run(registerVersionCommand, ['version', '--json']))).toMatchObject({ gatehouse: pkg.version, node: process.versions.node });
  });

  it('each command has its own help', async () => {
    for (const [command, register] of Object.entries(COMMANDS)) {
      expect(await run(register, [command, '--help'])).toContain(`Usage: gatehouse ${command}`);
    }
  });

  // The one spawned process: main.ts runs on import, so only a real start shows that it wires every command.
  it('the real entry point lists every command in --help', () => {
    const help = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--help'], { encoding: 'utf8' });
    for (const command of Object.keys(COMMANDS)) expect(help).toContain(command);
  });
});
