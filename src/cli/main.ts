#!/usr/bin/env node
import { Command } from 'commander';
import { registerAuditCommands } from './commands/audit.js';
import { registerCheckCommand } from './commands/check.js';
import { registerIdentityCommands } from './commands/identity.js';
import { registerKeysCommands } from './commands/keys.js';
import { registerTokenCommands } from './commands/token.js';
import { registerMigrateCommand } from './commands/migrate.js';
import { registerModelsCommands } from './commands/models.js';
import { registerTrafficCommands } from './commands/traffic.js';
import { registerScanCommand } from './commands/scan.js';
import { registerReplayCommand } from './commands/replay.js';
import { registerServeCommand } from './commands/serve.js';
import { registerVersionCommand } from './commands/version.js';
import { packageVersion } from '../core/version.js';

const program = new Command()
  .name('gatehouse')
  .description('Security-first gateway and control plane for large language models')
  .version(packageVersion(), '-v, --version')
  .showHelpAfterError();

registerServeCommand(program);
registerCheckCommand(program);
registerMigrateCommand(program);
registerIdentityCommands(program);
registerTokenCommands(program);
registerKeysCommands(program);
registerModelsCommands(program);
registerTrafficCommands(program);
registerScanCommand(program);
registerAuditCommands(program);
registerReplayCommand(program);
registerVersionCommand(program);

await program.parseAsync(process.argv);
