import { createRequire } from 'node:module';

/** The Cedar bindings (a type-only import: loading them is what this module defers). */
export type CedarWasm = typeof import('@cedar-policy/cedar-wasm/nodejs');

let loaded: CedarWasm | undefined;

/**
 * Cedar's WebAssembly bindings, loaded on first use. The package reads, compiles and instantiates its 4 MB
 * module when it is loaded (about 8 MB of resident memory), which a configuration without auth, Cedar policies
 * or Cedar conditions never needs. Its `nodejs` build is CommonJS, so a synchronous require keeps every
 * caller synchronous; the first caller pays the load (tens of milliseconds, at configuration time).
 */
export function cedarWasm(): CedarWasm {
  loaded ??= createRequire(import.meta.url)('@cedar-policy/cedar-wasm/nodejs') as CedarWasm;
  return loaded;
}
