import { readFileSync } from 'node:fs';
import type { Command } from 'commander';

/** The version in package.json, read relative to this file so it works from src/ and dist/. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function registerVersionCommand(program: Command): void {
  program
    .command('version')
    .description('print the gatehouse, Node.js and platform versions')
    .option('--json', 'machine-readable output')
    .action((options: { json?: boolean }) => {
      const info = { gatehouse: packageVersion(), node: process.versions.node, platform: `${process.platform}-${process.arch}` };
      process.stdout.write(options.json ? `${JSON.stringify(info)}\n` : `gatehouse ${info.gatehouse} (node ${info.node}, ${info.platform})\n`);
    });
}
