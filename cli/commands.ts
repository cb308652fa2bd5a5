import { writeFileSync } from 'node:fs';

// Every command of the CLI. Each declares its options once, for main's parser and for its --help;
// the work itself is imported only when the command runs.

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  value?: string; // the placeholder shown in help, for string options
  help: string;
}

export interface Command {
  usage: string; // after "cosmolocal "
  summary: string;
  details?: string;
  options?: Record<string, OptionSpec>;
  positionals?: number; // how many are required
  // Returns the exit code, or -1 to keep running (start).
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number>;
}

// A command's arguments do not make sense: main prints the problem with the command's usage.
export class UsageProblem extends Error {}

export const COMMANDS: Record<string, Command> = {
  start: {
    usage: 'start [--only api|worker]',
    summary: 'Run the platform (embedded services where no URL is configured)',
    details:
      'Runs the API and the worker in one process, with embedded PostgreSQL, Redis and anvil for\n' +
      'whatever has no URL (never in production). Ctrl-C or SIGTERM stops it: the API, the worker,\n' +
      'then the embedded services. Exits 1 if it cannot start (78 on a configuration error).',
    options: { only: { type: 'string', value: 'api|worker', help: 'run only the API or only the worker' } },
    async run(values) {
      if (values.only !== undefined && values.only !== 'api' && values.only !== 'worker')
        throw new UsageProblem('--only must be api or worker');
      const { runServices } = await import('../api/src/runtime/run-services.js');
      await runServices({
        api: values.only === 'worker' ? undefined : () => import('../api/src/bootstrap.js').then((m) => m.startApi),
        worker: values.only === 'api' ? undefined : () => import('../worker/src/bootstrap.js').then((m) => m.startWorker),
      });
      return -1; // keeps running until a signal
    },
  },
  migration: {
    usage: 'migration run|revert|show',
    summary: 'Manage database migrations (DATABASE_URL)',
    details: 'run: apply pending migrations; revert: undo the last one; show: say whether any are pending.',
    positionals: 1,
    async run(_values, [action]) {
      if (action !== 'run' && action !== 'revert' && action !== 'show') throw new UsageProblem(`unknown action "${action}"`);
      const { runMigrationCommand } = await import('./migration.js');
      return runMigrationCommand(action);
    },
  },
  schema: {
    usage: 'schema [--write]',
    summary: 'Print the GraphQL SDL, or write schemas/schema.gql',
    options: { write: { type: 'boolean', help: 'write schemas/schema.gql instead of printing' } },
    async run(values) {
      const [{ generateSchemaSdl }, { SCHEMA_FILE }] = await Promise.all([
        import('../api/src/graphql/print-schema.js'),
        import('../api/src/common/paths.js'),
      ]);
      const sdl = await generateSchemaSdl();
      if (values.write) {
        writeFileSync(SCHEMA_FILE, sdl);
        process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
      } else {
        process.stdout.write(sdl);
      }
      return 0;
    },
  },
  'import designs': {
    usage: 'import designs <file|dir> --account <email> [--organization <id>]',
    summary: 'Import OKH manifests (.toml/.yml/.json) or an OSHWA export (JSON array)',
    positionals: 1,
    options: {
      account: { type: 'string', value: 'email', help: 'the account the designs are published by (required)' },
      organization: { type: 'string', value: 'id', help: 'publish on behalf of this organization' },
    },
    async run(values, [path]) {
      const { importDesigns } = await import('./import-designs.js');
      return importDesigns(path!, values as { account?: string; organization?: string });
    },
  },
  'import facilities': {
    usage: 'import facilities <file> --account <email> [--machines <csv>]',
    summary: 'Import (or re-import) Open Know-Where JSON, fablabs.io CSV or Nesta CSV',
    positionals: 1,
    options: {
      account: { type: 'string', value: 'email', help: 'the account that imports (required)' },
      machines: { type: 'string', value: 'csv', help: 'a fablabs.io machines CSV joined to the labs' },
    },
    async run(values, [path]) {
      const { importFacilities } = await import('./import-facilities.js');
      return importFacilities(path!, values as { account?: string; machines?: string });
    },
  },
  'export facilities': {
    usage: 'export facilities [--out <file>]',
    summary: 'Export every facility as Open Know-Where JSON (public view)',
    options: { out: { type: 'string', value: 'file', help: 'write to this file instead of standard output' } },
    async run(values) {
      const { exportFacilities } = await import('./facilities.js');
      return exportFacilities(values as { out?: string });
    },
  },
  'facilities verify': {
    usage: 'facilities verify <facilityId> --reason <text> [--level VERIFIED|PEER_ATTESTED|SELF_ASSERTED]',
    summary: "Set a facility's verification level (operators)",
    positionals: 1,
    options: {
      reason: { type: 'string', value: 'text', help: 'why (kept with the change; required)' },
      level: { type: 'string', value: 'level', help: 'VERIFIED (default), PEER_ATTESTED or SELF_ASSERTED' },
    },
    async run(values, [id]) {
      const { setVerification } = await import('./facilities.js');
      return setVerification(id!, values as { level?: string; reason?: string });
    },
  },
  'facilities infer': {
    usage: 'facilities infer --account <email>',
    summary: 'Infer the materials and build volumes machines do not state, for every facility (machine-kind table)',
    options: { account: { type: 'string', value: 'email', help: 'the operator account recorded as making the change (required)' } },
    async run(values) {
      const { inferCapabilities } = await import('./facilities.js');
      return inferCapabilities(values as { account?: string });
    },
  },
  'facilities duplicates': {
    usage: 'facilities duplicates [--first <n>]',
    summary: 'List the possible duplicates imports left for review (operators)',
    options: { first: { type: 'string', value: 'n', help: 'how many pairs, oldest first (default 100)' } },
    async run(values) {
      const { listDuplicates } = await import('./facilities.js');
      return listDuplicates(values as { first?: string });
    },
  },
  'demo seed': {
    usage: 'demo seed',
    summary: 'Seed the demo world (demo/) into an empty platform',
    details:
      'Registers the demo accounts, organizations and facilities, publishes the demo designs and\n' +
      'requests production, through the same services as a user. Does nothing on a platform that\n' +
      'has accounts or designs; never in production. `npm start` does it by itself on embedded\n' +
      'defaults (DEMO_SEED).',
    async run() {
      const { seedDemo } = await import('./demo.js');
      return seedDemo();
    },
  },
  verify: {
    usage: 'verify <record CID> --rpc <url> (--car <file> | --gateway <url> --proof <cid>) [--registry <address>] [--json]',
    summary: 'Verify a contribution record and its on-chain anchor without this instance',
    details: 'Checks the signature, the payload, the Merkle path, the transaction and its event.',
    positionals: 1,
    options: {
      rpc: { type: 'string', value: 'url', help: 'JSON-RPC endpoint of the chain the anchor is on (required)' },
      car: { type: 'string', value: 'file', help: 'the record exported as a CAR file' },
      gateway: { type: 'string', value: 'url', help: 'an IPFS gateway to fetch the record and proof from' },
      proof: { type: 'string', value: 'cid', help: "the anchor proof's CID (with --gateway)" },
      registry: { type: 'string', value: 'address', help: 'require the anchor to be in this AnchorRegistry' },
      json: { type: 'boolean', help: 'print the result as JSON' },
    },
    async run(values, [cid]) {
      const { verifyCommand } = await import('./verify.js');
      return verifyCommand(cid!, values as Parameters<typeof verifyCommand>[1]);
    },
  },
  'deploy contracts': {
    usage: 'deploy contracts [--reward-token <address>]',
    summary: 'Deploy the AnchorRegistry (and, with a token, a RewardDistributor) to RPC_URL with CHAIN_SIGNER_KEY',
    options: { 'reward-token': { type: 'string', value: 'address', help: 'the ERC-20 a RewardDistributor pays out' } },
    async run(values) {
      const { deployContracts } = await import('./deploy-contracts.js');
      return deployContracts({ rewardToken: values['reward-token'] as string | undefined });
    },
  },
  recompute: {
    usage: 'recompute <settlementId> [--json]',
    summary: 'Recompute a distribution from its policy and the signed records',
    details: 'Exits 1 and lists the differences if any line differs.',
    positionals: 1,
    options: { json: { type: 'boolean', help: 'print the result as JSON' } },
    async run(values, [id]) {
      const { recomputeCommand } = await import('./recompute.js');
      return recomputeCommand(id!, values as { json?: boolean });
    },
  },
};
