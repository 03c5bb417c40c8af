import type { MigrationList } from '../run-migrations.js';

/** SQLite migrations in order. Adding one: write NNNN_name.ts exporting `up`, then add its line here. */
export const sqliteMigrations: MigrationList = {
  '0001_exchanges': () => import('./0001_exchanges.js'),
  '0002_identities': () => import('./0002_identities.js'),
  '0003_credentials': () => import('./0003_credentials.js'),
  '0004_audit': () => import('./0004_audit.js'),
  '0005_record_fields': () => import('./0005_record_fields.js'),
  '0006_content': () => import('./0006_content.js'),
  '0007_config_versions': () => import('./0007_config_versions.js'),
  '0008_controls': () => import('./0008_controls.js'),
  '0009_record_routing': () => import('./0009_record_routing.js'),
  '0010_identity_scopes_key_revocation': () => import('./0010_identity_scopes_key_revocation.js'),
  '0011_lean_exchange_indexes': () => import('./0011_lean_exchange_indexes.js'),
  '0012_approvals': () => import('./0012_approvals.js'),
};
