import { describe, expect, it } from 'vitest';
import { buildProgram } from './program.js';

const EVERY_COMMAND = [
  'serve',
  'check',
  'migrate',
  'identity',
  'token',
  'keys',
  'models',
  'traffic',
  'incident',
  'approvals',
  'scan',
  'audit',
  'replay',
  'version',
];

async function registered(args: string[]): Promise<string[]> {
  return (await buildProgram(args)).commands.map((command) => command.name());
}

describe('buildProgram (the gatehouse program main.ts runs)', () => {
  it('registers, and so imports, only the module of the command that runs', async () => {
    expect(await registered(['version'])).toEqual(['version']);
    expect(await registered(['token', 'mint', '--identity', 'x'])).toEqual(['token']);
    // traffic.ts registers both kill-switch commands.
    expect(await registered(['incident', 'status'])).toEqual(['traffic', 'incident']);
  });

  it('loads every command, in help order, when no command is named or the name is unknown', async () => {
    for (const args of [[], ['--help'], ['-v'], ['help', 'serve'], ['srve']]) expect(await registered(args)).toEqual(EVERY_COMMAND);
  });

  it('each command, named alone, is registered by the module loaded for it', async () => {
    for (const name of EVERY_COMMAND) expect(await registered([name, '--help'])).toContain(name);
  });
});
