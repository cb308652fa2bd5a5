import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { EquipmentCapabilityService } from '../api/src/facilities/equipment-capability.service.js';
import { FacilitiesService } from '../api/src/facilities/facilities.service.js';
import { FacilityImportService } from '../api/src/facilities/facility-import.service.js';
import { FacilityVerificationService } from '../api/src/facilities/facility-verification.service.js';
import { toOkw } from '../api/src/facilities/okw-export.js';
import { AccountsService } from '../api/src/identity/accounts.service.js';
import { withDomainContext } from './domain-context.js';

const PAGE = 500;

// Every facility as an Open Know-Where JSON array, streamed page by page.
export async function exportFacilities(options: { out?: string }): Promise<number> {
  return withDomainContext(async (app) => {
    const facilities = app.get(FacilitiesService);
    const out: Writable = options.out ? createWriteStream(options.out) : process.stdout;
    const write = async (s: string) => {
      if (!out.write(s)) await once(out, 'drain');
    };
    let after: string | null = null;
    let n = 0;
    await write('[');
    for (;;) {
      const page = await facilities.page(after, PAGE);
      if (!page.length) break;
      const equipment = await facilities.equipmentOf(page.map((f) => f.id));
      for (const f of page) {
        await write(
          `${n++ ? ',' : ''}\n${JSON.stringify(
            toOkw(
              f,
              equipment.filter((e) => e.facilityId === f.id),
            ),
          )}`,
        );
      }
      after = page[page.length - 1]!.id;
    }
    await write('\n]\n');
    if (options.out) {
      out.end();
      await once(out, 'finish');
    }
    process.stderr.write(`${n} facilities exported as Open Know-Where JSON\n`);
    return 0;
  });
}

// Operators set VERIFIED after checking a facility themselves (a site visit, an audit).
export async function setVerification(facilityId: string, options: { level?: string; reason?: string }): Promise<number> {
  if (!options.reason) {
    process.stderr.write(
      'Usage: cosmolocal facilities verify <facilityId> --reason "<what was checked>" [--level VERIFIED|PEER_ATTESTED|SELF_ASSERTED]\n',
    );
    return 64;
  }
  return withDomainContext(async (app) => {
    const f = await app.get(FacilityVerificationService).setLevel(null, facilityId, options.level ?? 'VERIFIED', options.reason!);
    process.stdout.write(`${f.name} (${f.id}) is now ${f.verificationLevel}\n`);
    return 0;
  });
}

// Facilities registered or imported before the machine-kind table (or before an entry was added
// to it): what their machines do not state is inferred, marked with its basis.
export async function inferCapabilities(options: { account?: string }): Promise<number> {
  if (!options.account) {
    process.stderr.write('Usage: cosmolocal facilities infer --account <email>\n');
    return 64;
  }
  return withDomainContext(async (app) => {
    const account = await app.get(AccountsService).findByEmail(options.account!);
    if (!account) {
      process.stderr.write(`No account with email ${options.account}.\n`);
      return 65;
    }
    const { facilities, machines } = await app.get(EquipmentCapabilityService).inferAll(account.id);
    process.stdout.write(`${machines} machines of ${facilities} facilities given inferred capabilities\n`);
    return 0;
  });
}

// The possible duplicates imports left for an operator, oldest first.
export async function listDuplicates(options: { first?: string }): Promise<number> {
  const first = Number(options.first ?? 100);
  if (!Number.isInteger(first) || first < 1) {
    process.stderr.write('Usage: cosmolocal facilities duplicates [--first <n>]\n');
    return 64;
  }
  return withDomainContext(async (app) => {
    const pairs = await app.get(FacilityImportService).openDuplicates(first);
    for (const p of pairs) {
      process.stdout.write(`${p.facilityName} (${p.facilityId}, ${p.sourceId}) ~ ${p.candidateName} (${p.candidateId}): ${p.reason}\n`);
    }
    process.stderr.write(`${pairs.length} open pair${pairs.length === 1 ? '' : 's'}\n`);
    return 0;
  });
}
