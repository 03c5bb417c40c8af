import { readFileSync } from 'node:fs';

export class SecretError extends Error {
  constructor(
    readonly ref: string,
    message: string,
  ) {
    super(message);
    this.name = 'SecretError';
  }
}

/** Resolves a secret reference to its value. Messages name the reference, never the value. */
export type SecretResolver = (ref: string) => string;

/**
 * `env:NAME` reads an environment variable; `file:PATH` reads a file (trailing newline trimmed),
 * relative paths resolved against `baseDir` (the config file's folder).
 */
export function createSecretResolver(env: NodeJS.ProcessEnv = process.env, baseDir = process.cwd()): SecretResolver {
  return function resolveSecret(ref: string): string {
    if (ref.startsWith('env:')) {
      const name = ref.slice(4);
      const value = env[name];
      if (value === undefined || value === '') throw new SecretError(ref, `secret ${ref}: environment variable ${name} is not set`);
      return value;
    }
    if (ref.startsWith('file:')) {
      const path = ref.slice(5);
      const full = path.startsWith('/') ? path : `${baseDir}/${path}`;
      try {
        return readFileSync(full, 'utf8').replace(/\r?\n$/, '');
      } catch (err) {
        throw new SecretError(ref, `secret ${ref}: cannot read file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    }
    throw new SecretError(ref, `secret reference "${ref.slice(0, 8)}…" must start with env: or file:`);
  };
}

/**
 * A resolver that never throws: a reference that does not resolve here yields `placeholder`. For tools
 * that build a runtime only to inspect it (`gatehouse check`, `gatehouse replay`), where provider keys
 * are not needed and a missing one must not stop the work.
 */
export function tolerantSecretResolver(resolve: SecretResolver, placeholder: string): SecretResolver {
  return function resolveOrPlaceholder(ref: string): string {
    try {
      return resolve(ref);
    } catch {
      return placeholder;
    }
  };
}
