import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { AuditConfig } from '../config/schema-audit.js';
import type { SecretResolver } from '../config/secrets.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../storage/store.js';
import { ContentCipher, loadOrCreateMasterKey, parseMasterKey } from './content-cipher.js';
import { ContentPolicy, contentMasks } from './content-policy.js';

/**
 * The content policy of this process, or undefined when every mode is `none` (then no key is created).
 * The master key comes from `audit.content.key`, else the key file (created on first use).
 */
export async function loadContentPolicy(
  config: AuditConfig,
  resolveSecret: SecretResolver,
  store: Store,
  cwd: string,
  logger?: Logger,
): Promise<ContentPolicy | undefined> {
  const content = config.content;
  const modes = [content.mode, ...Object.values(content.environments)];
  if (modes.every((m) => m === 'none')) return undefined;
  const masks = modes.includes('redacted') ? await contentMasks() : undefined;
  return new ContentPolicy(content, new ContentCipher(masterKey(config, resolveSecret, cwd, logger)), store, masks);
}

/** The master key, for the CLI too (search, replay, erase need to read or prove content). */
export function masterKey(config: AuditConfig, resolveSecret: SecretResolver, cwd: string, logger?: Logger): Buffer {
  if (config.content.key !== undefined) return parseMasterKey(resolveSecret(config.content.key));
  const path = isAbsolute(config.content.keyFile) ? config.content.keyFile : resolve(cwd, config.content.keyFile);
  const { key, created } = loadOrCreateMasterKey(path);
  if (created) logger?.warn({ keyFile: path }, 'created a content master key file; set audit.content.key to a secret reference in production');
  return key;
}

/**
 * A content policy for reading what is stored (search, replay), whatever the current mode. Unlike the
 * gateway's, it never creates a master key: a missing one is an error, since a fresh key reads nothing.
 */
export function openContentReader(config: AuditConfig, resolveSecret: SecretResolver, store: Store, cwd: string): ContentPolicy {
  if (config.content.key === undefined) {
    const path = isAbsolute(config.content.keyFile) ? config.content.keyFile : resolve(cwd, config.content.keyFile);
    if (!existsSync(path)) throw new Error(`no content master key: audit.content.key is not set and ${path} does not exist`);
  }
  return new ContentPolicy(config.content, new ContentCipher(masterKey(config, resolveSecret, cwd)), store);
}
