import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { CID } from 'multiformats/cid';
import { InvalidInputError } from '../../api/src/common/errors/domain-error.js';
import { DesignImportService } from '../../api/src/designs/design-import.service.js';
import { fromOshwa, inLineageOrder, type OshwaRecord } from '../../api/src/designs/import/oshwa.js';
import { ContentService } from '../../api/src/ipfs/content.service.js';
import { createDomainContext } from '../support/context.js';
import { describeWithSharedData, FIXTURES } from '../support/datasets.js';
import { newAccount } from '../support/factories.js';

const readRecords = (file: string): OshwaRecord[] => JSON.parse(readFileSync(file, 'utf8'));

let app: INestApplicationContext;
beforeAll(async () => {
  app = await createDomainContext();
});
afterAll(() => app.close());

function expectLineageOrder(records: OshwaRecord[]) {
  const ordered = inLineageOrder(records);
  expect(ordered).toHaveLength(records.length);
  const position = new Map(ordered.map((r, i) => [r.oshwaUid, i]));
  for (const r of ordered)
    for (const uid of r.previousVersions ?? []) if (position.has(uid)) expect(position.get(uid)).toBeLessThan(position.get(r.oshwaUid)!);
  return ordered;
}

// Imports `earlier`, then `later` as a version of the same design.
async function importLineage(earlier: OshwaRecord, later: OshwaRecord) {
  const importer = await newAccount(app);
  const imports = app.get(DesignImportService);
  const v1 = await imports.importOshwa(importer.viewer, earlier);
  const v2 = await imports.importOshwa(importer.viewer, later, null, v1.designId);
  expect(v2.designId).toBe(v1.designId);
  expect(v2.title).toBe(later.projectName.trim());
}

describe('OSHWA certification records as designs (fixtures: 13 records under CC0 or CC BY)', () => {
  const records = readRecords(join(FIXTURES, 'oshwa', 'oshwa_projects_sample.json'));
  const byUid = (uid: string) => records.find((r) => r.oshwaUid === uid)!;

  it('maps every record: licences to SPDX or NOASSERTION with a note, types to processes', () => {
    const mapped = records.map((r) => fromOshwa(r));
    expect(mapped).toHaveLength(13);
    expect(fromOshwa(byUid('DE000104'))).toMatchObject({
      input: {
        title: '0xCB',
        version: '1.0',
        license: { hardware: 'CERN-OHL-1.2', documentation: 'CC-BY-4.0' },
        parts: [{ process: 'PCB_FABRICATION' }],
      },
    });
    expect(fromOshwa(byUid('DE000104')).notes.join('\n')).toMatch(/CERN OHL without a version/);
    const other = fromOshwa(byUid('LK000005'));
    expect(other.input.license).toEqual({ hardware: 'NOASSERTION', documentation: 'CC-BY-4.0', software: 'MIT' });
    expect(other.notes.join('\n')).toMatch(/recorded as NOASSERTION/);
    expect(fromOshwa(byUid('CA000036')).input.license.hardware).toBe('TAPR-OHL-1.0');
    expect(fromOshwa(byUid('ES000028')).input.license.documentation).toBe('CC0-1.0');
    expect(fromOshwa(byUid('US000228')).input.parts).toEqual([expect.objectContaining({ process: 'THREE_D_PRINTING' })]);
  });

  it('orders earlier certifications first, even when listed after, and imports them as versions of one design', async () => {
    const listed = records.map((r) => r.oshwaUid);
    expect(listed.indexOf('IN000021')).toBeLessThan(listed.indexOf('IN000018')); // the later one first
    const ordered = expectLineageOrder(records).map((r) => r.oshwaUid);
    expect(ordered.indexOf('IN000018')).toBeLessThan(ordered.indexOf('IN000021'));
    expect(ordered).toContain('JP000006'); // its previous version is not in the file
    await importLineage(byUid('NZ000002'), byUid('NZ000004'));
  });

  it('publishes records with the record itself as the version’s content', async () => {
    const importer = await newAccount(app);
    const imports = app.get(DesignImportService);
    const sample = records.slice(0, 5);
    const versions = [];
    for (const r of sample) versions.push(await imports.importOshwa(importer.viewer, r));
    expect(versions.map((v) => v.title)).toEqual(sample.map((r) => r.projectName.trim()));
    const content = app.get(ContentService);
    const file = await content.resolve(CID.parse(versions[0]!.rootCid), 'oshwa.json');
    const chunks: Uint8Array[] = [];
    for await (const c of (file as { content(): AsyncIterable<Uint8Array> }).content()) chunks.push(c);
    expect(JSON.parse(Buffer.concat(chunks).toString())).toMatchObject({ oshwaUid: sample[0]!.oshwaUid });
    await expect(imports.importOshwa(importer.viewer, { projectName: 'x' } as OshwaRecord)).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describeWithSharedData(
  'OSHWA certification records as designs (the full public dataset)',
  join('oshwa-certified', 'oshwa_projects_2025-07.json'),
  (file) => {
    let records: OshwaRecord[];
    beforeAll(() => {
      records = readRecords(file);
    });

    it('maps all 3,053 records: licences to SPDX or NOASSERTION with a note, types to processes', () => {
      const mapped = records.map((r) => fromOshwa(r));
      expect(mapped).toHaveLength(3053);
      const first = mapped[0]!.input; // SE000004, an OLED board
      expect(first).toMatchObject({
        title: '0.95" OLED PMOD',
        version: '1.0',
        license: { hardware: 'CERN-OHL-1.2', documentation: 'CC-BY-SA-4.0', software: undefined },
        parts: [{ process: 'PCB_FABRICATION' }],
      });
      expect(mapped[0]!.notes.join('\n')).toMatch(/CERN OHL without a version/);
      const other = mapped.find((m) => m.input.license.hardware === 'NOASSERTION')!;
      expect(other.notes.join('\n')).toMatch(/recorded as NOASSERTION/);
    });

    it('orders earlier certifications first and imports them as versions of one design', async () => {
      expectLineageOrder(records);
      await importLineage(
        records.find((r) => r.oshwaUid === 'DE000104')!,
        records.find((r) => r.oshwaUid === 'DE000108')!,
      );
    });
  },
);
