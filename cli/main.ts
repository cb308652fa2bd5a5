import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const USAGE = `Usage: cosmolocal <command>

Commands:
  start [--only api|worker]     Run the platform (embedded services where no URL is configured)
  migration run|revert|show     Manage database migrations (DATABASE_URL)
  schema [--write]              Print the GraphQL SDL, or write schemas/schema.gql
  import designs <file|dir> --account <email> [--organization <id>]
                                Import OKH manifests (.toml/.yml/.json) or an OSHWA export (JSON array)
  import facilities <file> --account <email> [--machines <csv>]
                                Import (or re-import) Open Know-Where JSON, fablabs.io CSV or Nesta CSV
  export facilities [--out <file>]
                                Export every facility as Open Know-Where JSON (public view)
  facilities verify <id> --reason <text> [--level VERIFIED|PEER_ATTESTED|SELF_ASSERTED]
                                Set a facility's verification level (operators)
  verify <record CID> --rpc <url> (--car <file> | --gateway <url> --proof <cid>) [--registry <address>] [--json]
                                Verify a contribution record and its on-chain anchor without this
                                instance: signature, payload, Merkle path, transaction and event
  deploy contracts [--reward-token <address>]
                                Deploy the AnchorRegistry (and, with a token, a RewardDistributor) to RPC_URL with CHAIN_SIGNER_KEY
  recompute <settlementId> [--json]
                                Recompute a distribution from its policy and the signed records;
                                exit 1 and list the differences if any line differs
  help                          Show this help
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start': {
      const { values } = parseArgs({ args: rest, options: { only: { type: 'string' } } });
      if (values.only !== undefined && values.only !== 'api' && values.only !== 'worker') {
        process.stderr.write('--only must be api or worker\n');
        return 64;
      }
      const { runServices } = await import('./start.js');
      await runServices({ only: values.only });
      return -1; // keeps running until a signal
    }
    case 'migration': {
      const { runMigrationCommand } = await import('./migration.js');
      return runMigrationCommand(rest[0]);
    }
    case 'import': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { account: { type: 'string' }, organization: { type: 'string' }, machines: { type: 'string' } },
      });
      if (positionals[0] === 'designs' && positionals[1]) {
        const { importDesigns } = await import('./import-designs.js');
        return importDesigns(positionals[1], values);
      }
      if (positionals[0] === 'facilities' && positionals[1]) {
        const { importFacilities } = await import('./import-facilities.js');
        return importFacilities(positionals[1], values);
      }
      process.stderr.write('Usage: cosmolocal import designs|facilities <path> --account <email>\n');
      return 64;
    }
    case 'export': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { out: { type: 'string' } } });
      if (positionals[0] !== 'facilities') {
        process.stderr.write('Usage: cosmolocal export facilities [--out <file>]\n');
        return 64;
      }
      const { exportFacilities } = await import('./facilities.js');
      return exportFacilities(values);
    }
    case 'facilities': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { level: { type: 'string' }, reason: { type: 'string' } } });
      if (positionals[0] !== 'verify' || !positionals[1]) {
        process.stderr.write('Usage: cosmolocal facilities verify <facilityId> --reason <text> [--level VERIFIED]\n');
        return 64;
      }
      const { setVerification } = await import('./facilities.js');
      return setVerification(positionals[1], values);
    }
    case 'verify': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { car: { type: 'string' }, rpc: { type: 'string' }, gateway: { type: 'string' }, proof: { type: 'string' }, registry: { type: 'string' }, json: { type: 'boolean', default: false } },
      });
      if (!positionals[0]) {
        process.stderr.write('Usage: cosmolocal verify <record CID> --rpc <url> --car <file>\n');
        return 64;
      }
      const { verifyCommand } = await import('./verify.js');
      return verifyCommand(positionals[0], values);
    }
    case 'recompute': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
      if (!positionals[0]) {
        process.stderr.write('Usage: cosmolocal recompute <settlementId> [--json]\n');
        return 64;
      }
      const { recomputeCommand } = await import('./recompute.js');
      return recomputeCommand(positionals[0], values);
    }
    case 'deploy': {
      if (rest[0] !== 'contracts') {
        process.stderr.write('Usage: cosmolocal deploy contracts [--reward-token <ERC-20 address>]\n');
        return 64;
      }
      const { values } = parseArgs({ args: rest.slice(1), options: { 'reward-token': { type: 'string' } } });
      const { deployContracts } = await import('./deploy-contracts.js');
      return deployContracts({ rewardToken: values['reward-token'] });
    }
    case 'schema': {
      const { values } = parseArgs({ args: rest, options: { write: { type: 'boolean', default: false } } });
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
    }
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
      return 64;
  }
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
