import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CLI } from '../support/platform.js';

const run = promisify(execFile);

// The built CLI with nothing configured: --help must answer before anything connects anywhere.
async function cosmolocal(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { PATH: process.env.PATH, DATA_DIR: mkdtempSync(join(tmpdir(), 'cosmolocal-help-')) };
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// Every subcommand, with options its help must list.
const SUBCOMMANDS: Array<[string, string[]]> = [
  ['start', ['--only']],
  ['migration', []],
  ['schema', ['--write']],
  ['import', ['import designs', 'import facilities']],
  ['import designs', ['--account', '--organization']],
  ['import facilities', ['--account', '--machines']],
  ['export', ['export facilities']],
  ['export facilities', ['--out']],
  ['facilities', ['facilities verify', 'facilities infer', 'facilities duplicates']],
  ['facilities verify', ['--reason', '--level']],
  ['facilities infer', ['--account']],
  ['facilities duplicates', ['--first']],
  ['demo', ['demo seed']],
  ['demo seed', []],
  ['verify', ['--rpc', '--car', '--gateway', '--proof', '--registry', '--json']],
  ['deploy', ['deploy contracts']],
  ['deploy contracts', ['--reward-token']],
  ['recompute', ['--json']],
  ['help', []],
];

describe('cosmolocal <command> --help', () => {
  it.each(SUBCOMMANDS)('%s --help prints its usage and options and exits 0', async (command, options) => {
    for (const flag of ['--help', '-h']) {
      const res = await cosmolocal(...command.split(' '), flag);
      expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 0, stderr: '' });
      expect(res.stdout.startsWith(`Usage: cosmolocal ${command}`)).toBe(true);
      for (const option of options) expect(res.stdout).toContain(option);
    }
  });

  it('answers --help even after other arguments, without running the command', async () => {
    // With no DATABASE_URL, running the migration would fail with 78.
    const migration = await cosmolocal('migration', 'run', '--help');
    expect(migration.code).toBe(0);
    expect(migration.stdout).toMatch(/^Usage: cosmolocal migration run\|revert\|show/);
    const verify = await cosmolocal('verify', 'bafyreigh2akiscaildc', '--rpc', 'http://127.0.0.1:1', '--help');
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^Usage: cosmolocal verify/);
  });

  it('lists every command in the overview, and `help <command>` is the command’s help', async () => {
    const overview = await cosmolocal('--help');
    expect(overview.code).toBe(0);
    for (const [command] of SUBCOMMANDS.filter(([c]) => !['import', 'export', 'facilities', 'deploy'].includes(c)))
      expect(overview.stdout).toContain(`  ${command}`);
    expect((await cosmolocal('help', 'facilities', 'verify')).stdout).toBe((await cosmolocal('facilities', 'verify', '--help')).stdout);
  });

  it('still refuses an unknown option or command with exit 64', async () => {
    const option = await cosmolocal('verify', 'bafy', '--bogus');
    expect(option.code).toBe(64);
    expect(option.stderr).toMatch(/--bogus/);
    expect(option.stderr).toMatch(/Usage: cosmolocal verify/);
    const command = await cosmolocal('frobnicate');
    expect(command.code).toBe(64);
    expect(command.stderr).toMatch(/Unknown command "frobnicate"/);
  });
});
