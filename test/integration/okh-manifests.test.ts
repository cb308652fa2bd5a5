import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { InvalidInputError } from '../../api/src/common/errors/domain-error.js';
import { PROJECT_ROOT } from '../../api/src/common/paths.js';
import { DesignImportService } from '../../api/src/designs/design-import.service.js';
import type { ManifestFormat } from '../../api/src/designs/okh/okh-format.js';
import { importOkh } from '../../api/src/designs/okh/okh-import.js';
import { createDomainContext } from '../support/context.js';
import { newAccount } from '../support/factories.js';

// Real Open Know-How manifests, as their projects published them (see SOURCE.md beside them).
const DIR = join(PROJECT_ROOT, '..', 'shared', 'data', 'designs-okh', 'manifests');
const FORMAT: Record<string, ManifestFormat> = { toml: 'TOML', yml: 'YAML', yaml: 'YAML', json: 'JSON' };
const manifests = readdirSync(DIR)
  .filter((f) => FORMAT[f.split('.').pop()!])
  .map((file) => ({ file, format: FORMAT[file.split('.').pop()!]!, content: readFileSync(join(DIR, file), 'utf8') }));

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

describe('OKH manifests from real projects', () => {
  it('reads all 51 and refuses exactly the one that is not valid YAML, saying why', () => {
    expect(manifests).toHaveLength(51);
    const failures = manifests.map((m) => ({ file: m.file, ...attempt(m.content, m.format) })).filter((r) => r.err);
    expect(failures.map((f) => f.file)).toEqual([expect.stringMatching(/^jbon\+Ball-Machine/)]);
    const err = failures[0]!.err as InvalidInputError;
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.details).toMatchObject({ field: 'content', reason: 'MALFORMED_MANIFEST' });
    expect(err.message).toMatch(/not valid YAML: .*line \d+/);
  });

  it('imports each as a version and round-trips it through the OKH export of its family', async () => {
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
      // Title, version, licences and parts survive: what matching and rewards read.
      expect({ file: m.file, title: again.title, version: again.version, license: again.license, parts: again.parts?.map((p) => [p.name, p.material, p.process]) }).toEqual({
        file: m.file,
        title: version.title,
        version: version.versionLabel ?? undefined,
        license: m.format === 'YAML' ? version.licences : { hardware: version.licences.hardware },
        parts: m.format === 'YAML' ? undefined : version.manifest.parts.map((p) => [p.name, p.material, p.process]),
      });
      checked++;
    }
    expect(checked).toBe(50);
  });

  it('normalizes free-text licences and notes what it had to guess', () => {
    const hyperspectral = manifests.find((m) => m.file.startsWith('BadenLab+Hyperspectral'))!;
    const { input, notes } = importOkh(hyperspectral.content, hyperspectral.format);
    expect(input.license).toEqual({ hardware: 'CERN-OHL-1.2', documentation: 'GPL-3.0-or-later', software: 'CC-BY-SA-4.0' });
    expect(notes.join('\n')).toMatch(/documentation licence "GPL-3\.0" read as GPL-3\.0-or-later \(GPL-3\.0-only or GPL-3\.0-or-later/);
  });

  it('keeps LOSH parts with their materials and TsDC processes', () => {
    const ohloom = manifests.find((m) => m.file.includes('OHLOOM'))!;
    const { spec, input } = importOkh(ohloom.content, ohloom.format);
    expect(spec).toBe('OKH-LOSH');
    expect(input.parts!.length).toBeGreaterThan(0);
    expect(input.parts!.filter((p) => p.process === 'THREE_D_PRINTING').length).toBeGreaterThan(0);
  });

  it('refuses a manifest that breaks the schema, naming the field', () => {
    expect(() => importOkh('okhv = "2.4"\nname = "X"\nlicense = "MIT"\n[[part]]\nmass = 3\n', 'TOML')).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'content.part[0].name' }) }),
    );
    expect(() => importOkh('{"description": "no spec"}', 'JSON')).toThrow(InvalidInputError);
  });
});
