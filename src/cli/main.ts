#!/usr/bin/env node
import { Command } from 'commander';
import { registerCheckCommand } from './commands/check.js';
import { registerMigrateCommand } from './commands/migrate.js';
import { registerServeCommand } from './commands/serve.js';
import { registerVersionCommand, packageVersion } from './commands/version.js';

const program = new Command()
  .name('gatehouse')
  .description('Security-first gateway and control plane for large language models')
  .version(packageVersion(), '-v, --version')
  .showHelpAfterError();

registerServeCommand(program);
registerCheckCommand(program);
registerMigrateCommand(program);
registerVersionCommand(program);

await program.parseAsync(process.argv);
