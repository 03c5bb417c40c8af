/**
 * Which way dependencies point in src/ (docs/architecture.md draws it), checked by `npm run lint:deps`,
 * part of `npm test`:
 *
 *   core                                   types, stage contract, reason codes, errors, the record type
 *   config, log                            import core (and each other)
 *   domains (DOMAINS below)                import core, config, log; another domain only along DOMAIN_EDGES
 *   stages/*                               compose domains; a stage never imports a sibling stage
 *   server, gateway.ts, cli                on top
 *
 * Folder cycles: a folder may import only folders below it (LAYERS), domains only along DOMAIN_EDGES,
 * which is acyclic (test/architecture/dependency-rules.test.ts holds it so), and server never imports
 * gateway.ts or cli, gateway.ts never cli. Every cycle between folders would have to take one of the
 * edges these rules forbid, so it is reported; `no-circular` reports module cycles inside a folder too.
 *
 * Type-only imports (`import type`) are exempt from the cycle and layer rules (not from core's rule, the stage-sibling,
 * domain-to-server and test rules): TypeScript erases them, so they add no load order, no initialisation cycle and no code
 * that runs in another folder; they are how a domain names the contract types of the one it is handed
 * (e.g. identity's repositories over storage's Store). Test files and fixtures (`*.test.ts`,
 * `*.fixtures.ts`, `store.contract.ts`) are leaves nothing in production imports, and some drive the
 * real runtime or several stages together, so the layer and stage rules skip them; they still must
 * not import test/ or form cycles.
 */

const DOMAINS = [
  'identity',
  'authz',
  'approvals',
  'guardrails',
  'routing',
  'limits',
  'providers',
  'audit',
  'storage',
  'siem',
  'telemetry',
  'control',
  'ingress',
  'mcp',
];

/**
 * The only imports one domain makes of another, each with its reason. Keep this list acyclic and short:
 * a new entry needs a reason a reviewer agrees with.
 */
const DOMAIN_EDGES = {
  // Sealed records, checkpoints and keys are written through storage's Store and its private-file helper.
  audit: ['storage', 'guardrails'], // guardrails: the content policy redacts with the pii and secrets detectors; replay reads recorded findings
  // The SIEM spool is written with storage's private-file modes.
  siem: ['storage'],
  // The identity repository reads identity's registry types and its id rules.
  storage: ['identity'],
};

const TEST_FILES = '\\.(test|fixtures)\\.ts$|/store\\.contract\\.ts$';
const VALUE = { dependencyTypesNot: ['type-only'] };

const src = (folders) => `^src/(${folders.join('|')})/`;

/** Each domain may import core, config, log, itself and its declared edges; nothing else in src/. */
const domainRules = DOMAINS.map((domain) => ({
  name: `domain-imports-outside-its-layer`,
  comment: `${domain} imports only core, config, log and ${(DOMAIN_EDGES[domain] ?? []).join(', ') || 'no other domain'} (see DOMAIN_EDGES)`,
  severity: 'error',
  from: { path: `^src/${domain}/`, pathNot: TEST_FILES },
  to: { path: '^src/', pathNot: src(['core', 'config', 'log', domain, ...(DOMAIN_EDGES[domain] ?? [])]), ...VALUE },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A module cycle through value imports (type-only imports are erased and exempt).',
      severity: 'error',
      from: {},
      to: { circular: true, ...VALUE, viaOnly: VALUE },
    },
    {
      name: 'core-imports-outside-core',
      comment: 'core is the bottom layer: it imports nothing else from src/, not even a type.',
      severity: 'error',
      from: { path: '^src/core/', pathNot: TEST_FILES },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'config-or-log-imports-upward',
      comment: 'config sits just above log, log just above core: config imports core and log, log only core.',
      severity: 'error',
      from: { path: '^src/config/', pathNot: TEST_FILES },
      to: { path: '^src/', pathNot: src(['core', 'config', 'log']), ...VALUE },
    },
    {
      name: 'config-or-log-imports-upward',
      comment: 'log imports only core.',
      severity: 'error',
      from: { path: '^src/log/', pathNot: TEST_FILES },
      to: { path: '^src/', pathNot: src(['core', 'log']), ...VALUE },
    },
    ...domainRules,
    {
      name: 'domain-imports-server-or-cli',
      comment: 'Domains never import the layers above them: stages, server, cli or the gateway wiring.',
      severity: 'error',
      from: { path: src(DOMAINS), pathNot: TEST_FILES },
      to: { path: `${src(['stages', 'server', 'cli'])}|^src/gateway\\.ts$` },
    },
    {
      name: 'stage-imports-sibling-stage',
      comment: 'A stage folder is a leaf: what two stages share lives in the domain folder it belongs to.',
      severity: 'error',
      from: { path: '^src/stages/([^/]+)/', pathNot: TEST_FILES },
      to: { path: '^src/stages/', pathNot: ['^src/stages/$1/', '^src/stages/[^/]+\\.ts$'] },
    },
    {
      name: 'stage-imports-server-or-cli',
      comment: 'Stages compose domains; the server and cli compose stages.',
      severity: 'error',
      from: { path: '^src/stages/', pathNot: TEST_FILES },
      to: { path: `${src(['server', 'cli'])}|^src/gateway\\.ts$`, ...VALUE },
    },
    {
      name: 'server-imports-gateway-or-cli',
      comment: 'The server is wired by gateway.ts and started by the cli, never the other way round.',
      severity: 'error',
      from: { path: '^src/server/', pathNot: TEST_FILES },
      to: { path: `${src(['cli'])}|^src/gateway\\.ts$`, ...VALUE },
    },
    {
      name: 'gateway-imports-cli',
      comment: 'The cli starts the gateway (serve); gateway.ts must not import the cli back.',
      severity: 'error',
      from: { path: '^src/gateway\\.ts$' },
      to: { path: src(['cli']), ...VALUE },
    },
    {
      name: 'src-imports-test',
      comment: 'src/ never imports test/: a helper both need lives in src/ as a *.fixtures.ts file.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.mjs', '.json'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      exportsFields: ['exports'],
    },
  },
};

// For test/architecture/dependency-rules.test.ts; not enumerable, so dependency-cruiser's own schema does not see it.
Object.defineProperty(module.exports, 'layers', { value: { DOMAINS, DOMAIN_EDGES }, enumerable: false });
