import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { FacilityImportService } from '../api/src/facilities/facility-import.service.js';
import { fromFablabsCsv, fromNestaCsv, fromOkwJson, type DirectoryFacility } from '../api/src/facilities/import/directories.js';
import { AccountsService } from '../api/src/identity/accounts.service.js';
import { withDomainContext } from './domain-context.js';
import { Progress } from './progress.js';

// OKW JSON, the fablabs.io CSV (with the machines CSV beside it, or --machines), or Nesta's CSV.
function read(path: string, machines?: string): { format: string; records: DirectoryFacility[] } {
  const text = readFileSync(path, 'utf8');
  if (extname(path).toLowerCase() === '.json') return { format: 'Open Know-Where JSON', records: fromOkwJson(text) };
  const header = text.slice(0, 2000).split('\n')[0] ?? '';
  if (header.includes('capabilities') && header.includes('latitude')) {
    const sibling = readdirSync(dirname(path)).find((f) => /^fablabs_machines.*\.csv$/.test(f));
    const machinesPath = machines ?? (sibling ? join(dirname(path), sibling) : undefined);
    return {
      format: `fablabs.io CSV${machinesPath ? ` + ${basename(machinesPath)}` : ''}`,
      records: fromFablabsCsv(text, machinesPath ? readFileSync(machinesPath, 'utf8') : undefined),
    };
  }
  if (header.includes('Name of makerspace')) return { format: 'Nesta UK makerspaces CSV', records: fromNestaCsv(text) };
  throw new Error(`${path}: not an Open Know-Where JSON, fablabs.io CSV or Nesta makerspaces CSV`);
}

export async function importFacilities(path: string, options: { account?: string; machines?: string }): Promise<number> {
  if (!options.account) {
    process.stderr.write('Usage: cosmolocal import facilities <file> --account <email> [--machines <fablabs_machines.csv>]\n');
    return 64;
  }
  const { format, records } = read(path, options.machines);
  process.stderr.write(`${records.length} facilities from ${format}\n`);
  return withDomainContext(async (app) => {
    const account = await app.get(AccountsService).findByEmail(options.account!);
    if (!account) {
      process.stderr.write(`No account with email ${options.account}.\n`);
      return 65;
    }
    const imports = app.get(FacilityImportService);
    const progress = new Progress(records.length, 'facilities');
    const counts = { created: 0, updated: 0 };
    const failures: string[] = [];
    const withoutLocation: string[] = [];
    let done = 0;
    for (const record of records) {
      try {
        counts[await imports.upsert({ accountId: account.id }, record)]++;
        if (!record.input.location) withoutLocation.push(`${record.sourceId} ${record.input.name}: ${record.problems.join('; ')}`);
      } catch (err) {
        failures.push(`${record.sourceId} ${record.input.name}: ${(err as Error).message}`);
      }
      progress.update(++done, failures.length);
    }
    process.stdout.write(
      `${counts.created} created, ${counts.updated} updated, ${failures.length} failed, ${withoutLocation.length} without a location ` +
        `in ${progress.seconds.toFixed(1)} s\n`,
    );
    if (withoutLocation.length) process.stdout.write(`imported without a location:\n${withoutLocation.map((l) => `  ${l}`).join('\n')}\n`);
    if (failures.length) process.stderr.write(`not imported:\n${failures.map((f) => `  ${f}`).join('\n')}\n`);
    return failures.length ? 1 : 0;
  });
}
