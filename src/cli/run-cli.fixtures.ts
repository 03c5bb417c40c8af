import { Command } from 'commander';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `gatehouse <args>` in process through a fresh program with the given commands registered (as
 * main.ts wires them), capturing output and the exit status the command set.
 */
export async function runCli(commands: ReadonlyArray<(program: Command) => void>, args: readonly string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const program = new Command('gatehouse').exitOverride().configureOutput({ writeOut: (s) => void (stdout += s), writeErr: (s) => void (stderr += s) });
  for (const register of commands) register(program);
  process.exitCode = undefined;
  try {
    await program.parseAsync([...args], { from: 'user' });
    return { code: Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    process.exitCode = undefined;
  }
}
