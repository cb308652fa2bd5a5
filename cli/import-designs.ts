import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { DesignImportService } from '../api/src/designs/design-import.service.js';
import { inLineageOrder, type OshwaRecord } from '../api/src/designs/import/oshwa.js';
import type { ManifestFormat } from '../api/src/designs/okh/okh-format.js';
import { AccountsService } from '../api/src/identity/accounts.service.js';
import { withDomainContext } from './domain-context.js';
import { Progress } from './progress.js';

type Item = { source: string; kind: 'okh'; format: ManifestFormat; text: string } | { source: string; kind: 'oshwa'; record: OshwaRecord };

const FORMAT: Record<string, ManifestFormat> = { '.toml': 'TOML', '.yml': 'YAML', '.yaml': 'YAML', '.json': 'JSON' };

// OKH manifests (.toml, .yml, .yaml, .json) and OSHWA exports (a JSON array of certification records).
function collect(path: string): Item[] {
  if (statSync(path).isDirectory())
    return readdirSync(path)
      .sort()
      .flatMap((name) => (FORMAT[extname(name).toLowerCase()] ? collect(join(path, name)) : []));
  const format = FORMAT[extname(path).toLowerCase()];
  if (!format) throw new Error(`${path}: not a .toml, .yml, .yaml or .json file`);
  const text = readFileSync(path, 'utf8');
  if (format === 'JSON') {
    try {
      const value = JSON.parse(text) as unknown;
      if (Array.isArray(value) && value.every((r) => r && typeof r === 'object' && 'oshwaUid' in r)) {
        // Earlier certifications first, so later ones become new versions of the same design.
        return inLineageOrder(value as OshwaRecord[]).map((record) => ({
          source: `${path}#${record.oshwaUid}`,
          kind: 'oshwa' as const,
          record,
        }));
      }
    } catch {
      // not JSON at all: the manifest import reports it
    }
  }
  return [{ source: path, kind: 'okh', format, text }];
}

export async function importDesigns(path: string, options: { account?: string; organization?: string }): Promise<number> {
  if (!options.account) {
    process.stderr.write('Usage: cosmolocal import designs <file|dir> --account <email> [--organization <id>]\n');
    return 64;
  }
  const items = collect(path);
  return withDomainContext(async (app) => {
    const account = await app.get(AccountsService).findByEmail(options.account!);
    if (!account) {
      process.stderr.write(`No account with email ${options.account}.\n`);
      return 65;
    }
    const viewer = { accountId: account.id };
    const imports = app.get(DesignImportService);
    const progress = new Progress(items.length, 'designs');
    const failures: string[] = [];
    const designOfUid = new Map<string, string>();
    let done = 0;
    for (const item of items) {
      try {
        if (item.kind === 'okh') await imports.importOkh(viewer, item.text, item.format, options.organization);
        else {
          const earlier = (item.record.previousVersions ?? []).map((uid) => designOfUid.get(uid)).find(Boolean);
          const version = await imports.importOshwa(viewer, item.record, options.organization, earlier);
          designOfUid.set(item.record.oshwaUid, version.designId);
        }
      } catch (err) {
        failures.push(`${item.source}: ${(err as Error).message}`);
      }
      progress.update(++done, failures.length);
    }
    const rate = (items.length - failures.length) / progress.seconds;
    process.stdout.write(
      `imported ${items.length - failures.length} of ${items.length} designs in ${progress.seconds.toFixed(1)} s (${rate.toFixed(1)} designs/s)\n`,
    );
    if (failures.length) process.stderr.write(`not imported:\n${failures.map((f) => `  ${f}`).join('\n')}\n`);
    return failures.length ? 1 : 0;
  });
}
