import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { InvalidInputError } from '../../api/src/common/errors/domain-error.js';
import { PROJECT_ROOT } from '../../api/src/common/paths.js';
import { DesignImportService } from '../../api/src/designs/design-import.service.js';
import { fromOshwa, inLineageOrder, type OshwaRecord } from '../../api/src/designs/import/oshwa.js';
import { ContentService } from '../../api/src/ipfs/content.service.js';
import { CID } from 'multiformats/cid';
import { createDomainContext } from '../support/context.js';
import { newAccount } from '../support/factories.js';

const records: OshwaRecord[] = JSON.parse(
  readFileSync(join(PROJECT_ROOT, '..', 'shared', 'data', 'oshwa-certified', 'oshwa_projects_2025-07.json'), 'utf8'),
);

let app: INestApplicationContext;
beforeAll(async () => {
  app = await createDomainContext();
});
afterAll(() => app.close());

describe('OSHWA certification records as designs', () => {
  it('maps every record: licences to SPDX or NOASSERTION with a note, types to processes', () => {
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
    const ordered = inLineageOrder(records);
    expect(ordered).toHaveLength(records.length);
    const position = new Map(ordered.map((r, i) => [r.oshwaUid, i]));
    for (const r of ordered) for (const uid of r.previousVersions ?? []) if (position.has(uid)) expect(position.get(uid)).toBeLessThan(position.get(r.oshwaUid)!);

    const later = records.find((r) => r.oshwaUid === 'DE000108')!;
    const earlier = records.find((r) => r.oshwaUid === 'DE000104')!;
    const importer = await newAccount(app);
    const imports = app.get(DesignImportService);
    const v1 = await imports.importOshwa(importer.viewer, earlier);
    const v2 = await imports.importOshwa(importer.viewer, later, null, v1.designId);
    expect(v2.designId).toBe(v1.designId);
    expect(v2.title).toBe(later.projectName.trim());
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
