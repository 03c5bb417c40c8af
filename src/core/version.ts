import { readFileSync } from 'node:fs';

/** The version in package.json, read relative to this file so it works from src/ and dist/. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
