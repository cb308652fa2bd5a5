import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

// Arguments are parsed by node:util parseArgs (strict: an unknown option is refused);
// each command declares its options once, for the parser and for its --help.

interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  value?: string; // the placeholder shown in help, for string options
  help: string;
}

interface Command {
  usage: string; // after "cosmolocal "
  summary: string;
  details?: string;
  options?: Record<string, OptionSpec>;
  positionals?: number; // how many are required
  // Returns the exit code, or -1 to keep running (start).
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  start: {
    usage: 'start [--only api|worker]',
    summary: 'Run the platform (embedded services where no URL is configured)',
    details:
      'Runs the API and the worker in one process, with embedded PostgreSQL, Redis and anvil for\n' +
      'whatever has no URL (never in production). Ctrl-C or SIGTERM stops it: the API, the worker,\n' +
      'then the embedded services. Exits 1 if it cannot start (78 on a configuration error).',
    options: { only: { type: 'string', value: 'api|worker', help: 'run only the API or only the worker' } },
    async run(values) {
      if (values.only !== undefined && values.only !== 'api' && values.only !== 'worker') return usageError('start', '--only must be api or worker');
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
      if (action !== 'run' && action !== 'revert' && action !== 'show') return usageError('migration', `unknown action "${action}"`);
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
  help: {
    usage: 'help [command]',
    summary: 'Show this help, or a command’s',
    async run(_values, words) {
      if (words.length === 0) {
        process.stdout.write(overview());
        return 0;
      }
      const found = lookup(words);
      if (!found) return unknownCommand(words.join(' '));
      process.stdout.write(found.name ? commandHelp(found.name) : groupHelp(words[0]!));
      return 0;
    },
  },
};

const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', help: 'show this help' };

function overview(): string {
  const lines = Object.values(COMMANDS).map((c) => `  ${c.usage}\n      ${c.summary}`);
  return `Usage: cosmolocal <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun \`cosmolocal <command> --help\` for a command's options.\n`;
}

function commandHelp(name: string): string {
  const c = COMMANDS[name]!;
  const options = Object.entries({ ...c.options, help: HELP_OPTION }).map(([flag, o]) => {
    const left = `${o.short ? `-${o.short}, ` : ''}--${flag}${o.type === 'string' ? ` <${o.value ?? 'value'}>` : ''}`;
    return `  ${left.padEnd(28)} ${o.help}`;
  });
  return `Usage: cosmolocal ${c.usage}\n\n${c.summary}\n${c.details ? `\n${c.details}\n` : ''}\nOptions:\n${options.join('\n')}\n`;
}

// `import`, `export`, `facilities`, `deploy`: commands with a second word.
function groupHelp(group: string): string {
  const members = Object.entries(COMMANDS).filter(([n]) => n.startsWith(`${group} `));
  return `Usage: cosmolocal ${group} <${members.map(([n]) => n.split(' ')[1]).join('|')}> [options]\n\n${members
    .map(([, c]) => `  ${c.usage}\n      ${c.summary}`)
    .join('\n')}\n\nRun \`cosmolocal ${group} <command> --help\` for a command's options.\n`;
}

function isGroup(word: string): boolean {
  return Object.keys(COMMANDS).some((n) => n.startsWith(`${word} `));
}

// The command the words name (two words first), or the group they name.
function lookup(words: string[]): { name?: string; rest: string[] } | undefined {
  const [first, second] = words;
  if (first === undefined) return undefined;
  if (second !== undefined && COMMANDS[`${first} ${second}`]) return { name: `${first} ${second}`, rest: words.slice(2) };
  if (COMMANDS[first] && !isGroup(first)) return { name: first, rest: words.slice(1) };
  if (isGroup(first)) return { rest: words.slice(1) };
  return undefined;
}

function usageError(name: string, message: string): number {
  process.stderr.write(`cosmolocal ${name}: ${message}\n\nUsage: cosmolocal ${COMMANDS[name]!.usage}\nRun \`cosmolocal ${name} --help\` for its options.\n`);
  return 64; // EX_USAGE
}

function unknownCommand(words: string): number {
  process.stderr.write(`Unknown command "${words}".\n\n${overview()}`);
  return 64;
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write(overview());
    return 0;
  }
  const found = lookup(argv);
  if (!found) return unknownCommand(argv[0]!);
  if (!found.name) {
    const group = argv[0]!;
    if (found.rest.includes('--help') || found.rest.includes('-h')) {
      process.stdout.write(groupHelp(group));
      return 0;
    }
    process.stderr.write(`cosmolocal ${group}: ${found.rest[0] ? `unknown command "${found.rest[0]}"` : 'which one?'}\n\n${groupHelp(group)}`);
    return 64;
  }
  const command = COMMANDS[found.name]!;
  const options = Object.fromEntries(
    Object.entries({ ...command.options, help: HELP_OPTION }).map(([flag, o]) => [flag, { type: o.type, ...(o.short ? { short: o.short } : {}) }]),
  );
  let parsed;
  try {
    parsed = parseArgs({ args: found.rest, options, allowPositionals: true, strict: true });
  } catch (err) {
    // An unknown option or a missing value; --help still answers.
    if (found.rest.includes('--help') || found.rest.includes('-h')) {
      process.stdout.write(commandHelp(found.name));
      return 0;
    }
    return usageError(found.name, err instanceof Error ? err.message : String(err));
  }
  if (parsed.values.help) {
    process.stdout.write(commandHelp(found.name));
    return 0;
  }
  if (parsed.positionals.length < (command.positionals ?? 0)) return usageError(found.name, 'missing argument');
  if (found.name !== 'help' && parsed.positionals.length > (command.positionals ?? 0)) {
    return usageError(found.name, `unexpected argument "${parsed.positionals[command.positionals ?? 0]}"`);
  }
  return command.run(parsed.values, parsed.positionals);
}

let code: number;
try {
  code = await main(process.argv.slice(2));
} catch (err) {
  // A command that cannot run says why in one line (configuration, a busy DATA_DIR, a missing file).
  process.stderr.write(`cosmolocal: ${err instanceof Error ? err.message : String(err)}\n`);
  code = 1;
}
if (code >= 0) process.exit(code);
