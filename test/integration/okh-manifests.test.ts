import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { InvalidInputError } from '../../api/src/common/errors/domain-error.js';
import { DesignImportService } from '../../api/src/designs/design-import.service.js';
import type { ManifestFormat } from '../../api/src/designs/okh/okh-format.js';
import { importOkh } from '../../api/src/designs/okh/okh-import.js';
import { createDomainContext } from '../support/context.js';
import { describeWithSharedData, FIXTURES } from '../support/datasets.js';
import { newAccount } from '../support/factories.js';

const FORMAT: Record<string, ManifestFormat> = { toml: 'TOML', yml: 'YAML', yaml: 'YAML', json: 'JSON' };
interface Manifest {
  file: string;
  format: ManifestFormat;
  content: string;
}
function readManifests(dir: string): Manifest[] {
  return readdirSync(dir)
    .filter((f) => FORMAT[f.split('.').pop()!])
    .map((file) => ({ file, format: FORMAT[file.split('.').pop()!]!, content: readFileSync(join(dir, file), 'utf8') }));
}

let app: INestApplicationContext;
beforeAll(async () => {
  app = await createDomainContext();
});
afterAll(() => app.close());

function attempt(content: string, format: ManifestFormat) {
  try {
    return { ok: importOkh(content, format) };
  } catch (err) {
    return { err };
  }
}

// Imports each readable manifest as a version and round-trips it through the OKH export of its
// family: title, version, licences and parts survive (what matching and rewards read).
async function roundTrips(manifests: Manifest[]): Promise<number> {
  const designer = await newAccount(app);
  const designs = app.get(DesignImportService);
  let checked = 0;
  for (const m of manifests) {
    const first = attempt(m.content, m.format).ok;
    if (!first) continue;
    const version = await designs.importOkh(designer.viewer, m.content, m.format);
    expect(version.title).toBe(first.input.title);
    const exported = await designs.exportOkh(version.cid, m.format);
    const again = importOkh(exported, m.format).input;
    expect({
      file: m.file,
      title: again.title,
      version: again.version,
      license: again.license,
      parts: again.parts?.map((p) => [p.name, p.material, p.process, p.outerDimensionsMm, p.toleranceClass]),
    }).toEqual({
      file: m.file,
      title: version.title,
      version: version.versionLabel ?? undefined,
      license: m.format === 'YAML' ? version.licences : { hardware: version.licences.hardware },
      parts:
        m.format === 'YAML'
          ? undefined
          : version.manifest.parts.map((p) => [p.name, p.material, p.process, p.outerDimensionsMm, p.toleranceClass]),
    });
    checked++;
  }
  return checked;
}

function expectMalformed(err: unknown) {
  expect(err).toBeInstanceOf(InvalidInputError);
  expect((err as InvalidInputError).details).toMatchObject({ field: 'content', reason: 'MALFORMED_MANIFEST' });
  expect((err as InvalidInputError).message).toMatch(/not valid YAML: .*line \d+/);
}

describe('OKH manifests (fixtures: real manifests under open licences, and two written for the tests)', () => {
  const manifests = readManifests(join(FIXTURES, 'okh'));

  it('reads all 10 in the three formats and refuses exactly the one that is not valid YAML, saying why', () => {
    expect(manifests).toHaveLength(10);
    expect(new Set(manifests.map((m) => m.format))).toEqual(new Set(['TOML', 'YAML', 'JSON']));
    const failures = manifests.map((m) => ({ file: m.file, ...attempt(m.content, m.format) })).filter((r) => r.err);
    expect(failures.map((f) => f.file)).toEqual(['cosmolocal+broken-contact__okh.yml']);
    expectMalformed(failures[0]!.err);
  });

  it('imports each as a version and round-trips it through the OKH export of its family', async () => {
    expect(await roundTrips(manifests)).toBe(9);
  });

  it('normalizes free-text licences and notes what it had to guess', () => {
    const hyperspectral = manifests.find((m) => m.file.startsWith('BadenLab+Hyperspectral'))!;
    const { input, notes } = importOkh(hyperspectral.content, hyperspectral.format);
    expect(input.license).toEqual({ hardware: 'CERN-OHL-1.2', documentation: 'GPL-3.0-or-later', software: 'CC-BY-SA-4.0' });
    expect(notes.join('\n')).toMatch(/documentation licence "GPL-3\.0" read as GPL-3\.0-or-later \(GPL-3\.0-only or GPL-3\.0-or-later/);
  });

  it('keeps LOSH parts with their materials and TsDC processes, in TOML and in JSON', () => {
    const loom = manifests.find((m) => m.file.startsWith('tm-miha+'))!;
    const { spec, input } = importOkh(loom.content, loom.format);
    expect(spec).toBe('OKH-LOSH');
    expect(input.parts!.length).toBe(18);
    expect(input.parts!.filter((p) => p.process === 'THREE_D_PRINTING').length).toBeGreaterThan(0);
    const drawer = manifests.find((m) => m.format === 'JSON')!;
    expect(importOkh(drawer.content, 'JSON').input).toMatchObject({
      title: 'Seed Drawer',
      version: '1.2.0',
      license: { hardware: 'CERN-OHL-P-2.0' },
      parts: [
        { name: 'Side panel', material: 'Plywood', process: 'LASER_CUTTING' },
        { name: 'Front panel', material: 'Plywood', process: 'LASER_CUTTING' },
        { name: 'Handle', material: 'PLA', process: 'THREE_D_PRINTING' },
      ],
    });
  });

  it('refuses a manifest that breaks the schema, naming the field', () => {
    expect(() => importOkh('okhv = "2.4"\nname = "X"\nlicense = "MIT"\n[[part]]\nmass = 3\n', 'TOML')).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'content.part[0].name' }) }),
    );
    expect(() => importOkh('{"description": "no spec"}', 'JSON')).toThrow(InvalidInputError);
  });
});

describeWithSharedData('OKH manifests from real projects (the full public dataset)', join('designs-okh', 'manifests'), (dir) => {
  let manifests: Manifest[];
  beforeAll(() => {
    manifests = readManifests(dir);
  });

  it('reads all 51 and refuses exactly the one that is not valid YAML, saying why', () => {
    expect(manifests).toHaveLength(51);
    const failures = manifests.map((m) => ({ file: m.file, ...attempt(m.content, m.format) })).filter((r) => r.err);
    expect(failures.map((f) => f.file)).toEqual([expect.stringMatching(/^jbon\+Ball-Machine/)]);
    expectMalformed(failures[0]!.err);
  });

  it('imports each as a version and round-trips it through the OKH export of its family', async () => {
    expect(await roundTrips(manifests)).toBe(50);
  });

  it('keeps LOSH parts with their materials and TsDC processes', () => {
    const ohloom = manifests.find((m) => m.file.includes('OHLOOM'))!;
    const { spec, input } = importOkh(ohloom.content, ohloom.format);
    expect(spec).toBe('OKH-LOSH');
    expect(input.parts!.length).toBeGreaterThan(0);
    expect(input.parts!.filter((p) => p.process === 'THREE_D_PRINTING').length).toBeGreaterThan(0);
  });
});
