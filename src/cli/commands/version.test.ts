import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
function cli(...args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });
}

describe('gatehouse CLI', () => {
  it('version prints the package version, also as JSON', () => {
    expect(cli('version')).toContain(`gatehouse ${pkg.version}`);
    expect(JSON.parse(cli('version', '--json'))).toMatchObject({ gatehouse: pkg.version, node: process.versions.node });
  });

  it('--help lists every command, and each command has its own help', () => {
    const help = cli('--help');
    for (const command of ['serve', 'check', 'migrate', 'version']) {
      expect(help).toContain(command);
      expect(cli(command, '--help')).toContain(`Usage: gatehouse ${command}`);
    }
  });
});
