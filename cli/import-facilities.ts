import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { FacilityImportService, IMPORT_OUTCOMES, type ImportOutcome } from '../api/src/facilities/facility-import.service.js';
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
    const counts = Object.fromEntries(IMPORT_OUTCOMES.map((o) => [o, 0])) as Record<ImportOutcome, number>;
    const failures: string[] = [];
    const withoutLocation: string[] = [];
    const conflicts: string[] = [];
    const flagged: string[] = [];
    let done = 0;
    for (const record of records) {
      try {
        const result = await imports.importRecord({ accountId: account.id }, record);
        counts[result.outcome]++;
        if (!record.input.location) withoutLocation.push(`${record.sourceId} ${record.input.name}: ${record.problems.join('; ')}`);
        for (const c of result.conflicts)
          conflicts.push(`${record.sourceId} ${record.input.name}: ${c.field}: directory ${c.directoryValue}, kept ${c.keptValue}`);
        if (result.outcome === 'flagged')
          for (const d of result.duplicates)
            flagged.push(`${record.sourceId} ${record.input.name} ~ ${d.name} (${d.facilityId}): ${d.reason}`);
      } catch (err) {
        failures.push(`${record.sourceId} ${record.input.name}: ${(err as Error).message}`);
      }
      progress.update(++done, failures.length);
    }
    process.stdout.write(
      `${counts.created} created, ${counts.updated} updated, ${counts.merged} merged into a facility of another directory, ` +
        `${counts.flagged} flagged as possible duplicates, ${failures.length} failed, ${withoutLocation.length} without a location, ` +
        `${conflicts.length} edited fields kept in ${progress.seconds.toFixed(1)} s\n`,
    );
    const list = (title: string, lines: string[]) => {
      if (lines.length) process.stdout.write(`${title}:\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
    };
    list('imported without a location', withoutLocation);
    list('kept as the co-op edited them (the directory differs)', conflicts);
    list('possible duplicates, imported separately and listed for review', flagged);
    if (failures.length) process.stderr.write(`not imported:\n${failures.map((f) => `  ${f}`).join('\n')}\n`);
    return failures.length ? 1 : 0;
  });
}
