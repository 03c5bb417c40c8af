import { Command } from 'commander';
import { packageVersion } from '../core/version.js';
import { holdYoungGeneration } from '../server/heap-growth.js';

type Register = (program: Command) => void;

/** A module of top-level commands: the names it registers and how to load its `register*` function. */
interface CommandModule {
  names: readonly string[];
  load: () => Promise<Register>;
}

/**
 * Every command module, in the order `--help` lists them. Each is imported only when its command runs:
 * the modules behind `serve` or `audit` pull in the whole gateway (Fastify, Cedar, storage drivers,
 * OpenTelemetry), which takes seconds to load and which `gatehouse version` or `gatehouse token` never use.
 */
const COMMAND_MODULES: readonly CommandModule[] = [
  {
    names: ['serve'],
    load: async () => {
      holdYoungGeneration();
      return (await import('./commands/serve.js')).registerServeCommand;
    },
  },
  { names: ['check'], load: async () => (await import('./commands/check.js')).registerCheckCommand },
  { names: ['migrate'], load: async () => (await import('./commands/migrate.js')).registerMigrateCommand },
  { names: ['identity'], load: async () => (await import('./commands/identity.js')).registerIdentityCommands },
  { names: ['token'], load: async () => (await import('./commands/token.js')).registerTokenCommands },
  { names: ['keys'], load: async () => (await import('./commands/keys.js')).registerKeysCommands },
  { names: ['models'], load: async () => (await import('./commands/models.js')).registerModelsCommands },
  { names: ['traffic', 'incident'], load: async () => (await import('./commands/traffic.js')).registerTrafficCommands },
  { names: ['approvals'], load: async () => (await import('./commands/approvals.js')).registerApprovalsCommands },
  { names: ['scan'], load: async () => (await import('./commands/scan.js')).registerScanCommand },
  { names: ['audit'], load: async () => (await import('./commands/audit.js')).registerAuditCommands },
  { names: ['replay'], load: async () => (await import('./commands/replay.js')).registerReplayCommand },
  { names: ['version'], load: async () => (await import('./commands/version.js')).registerVersionCommand },
];

/**
 * The `gatehouse` program for these arguments (without node and the script path). When the first argument
 * that is not an option names a command, only that command's module is loaded; otherwise (`--help`, `help`,
 * a misspelt command) every module is, so the help and commander's "did you mean" list every command.
 */
export async function buildProgram(args: readonly string[]): Promise<Command> {
  const program = new Command()
    .name('gatehouse')
    .description('Security-first gateway and control plane for large language models')
    .version(packageVersion(), '-v, --version')
    .showHelpAfterError();
  const name = args.find((arg) => !arg.startsWith('-'));
  const named = COMMAND_MODULES.filter((module) => name !== undefined && module.names.includes(name));
  const registers = await Promise.all((named.length > 0 ? named : COMMAND_MODULES).map((module) => module.load()));
  for (const register of registers) register(program);
  return program;
}
