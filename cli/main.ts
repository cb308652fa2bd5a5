import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { flushLogs } from '../api/src/common/logging/logger.js';
import { UsageProblem } from './commands.js';
import { COMMANDS, commandHelp, groupHelp, HELP_OPTION, lookup, overview, unknownCommand, usageError } from './help.js';

// Arguments are parsed by node:util parseArgs (strict: an unknown option is refused);
// each command declares its options once (commands.ts), for the parser and for its --help.

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
    process.stderr.write(
      `cosmolocal ${group}: ${found.rest[0] ? `unknown command "${found.rest[0]}"` : 'which one?'}\n\n${groupHelp(group)}`,
    );
    return 64;
  }
  const command = COMMANDS[found.name]!;
  const options = Object.fromEntries(
    Object.entries({ ...command.options, help: HELP_OPTION }).map(([flag, o]) => [
      flag,
      { type: o.type, ...(o.short ? { short: o.short } : {}) },
    ]),
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
  try {
    return await command.run(parsed.values, parsed.positionals);
  } catch (err) {
    if (err instanceof UsageProblem) return usageError(found.name, err.message);
    throw err;
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
// A command's last log lines are out before the process goes.
await flushLogs();
if (code >= 0) process.exit(code);
