import type { Command } from 'commander';
import { packageVersion } from '../../core/version.js';

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
