import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The `gatehouse` CLI as the other CLI end-to-end tests run it (`node --import tsx src/cli/main.ts`), from any
 * working directory: tsx and main.ts are named by absolute path, so a test can run it in a temporary folder,
 * where the demo keeps its ./data.
 */
/** The tsx loader as a file URL: an `--import` that resolves from any folder. */
export const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
export const CLI_MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
/** `node` arguments before the command's own: `process.execPath ...CLI_NODE_ARGS serve`. */
export const CLI_NODE_ARGS: readonly string[] = ['--import', TSX_LOADER, CLI_MAIN];

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `gatehouse <args>`; output is collected by the caller. */
export function spawnCli(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): ChildProcess {
  return spawn(process.execPath, [...CLI_NODE_ARGS, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs `gatehouse <args>` to its end. */
export function runCli(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  const child = spawnCli(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
