import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { InvalidInputError } from '../../api/src/common/errors/domain-error.js';
import { DesignsService } from '../../api/src/designs/designs.service.js';
import { createDomainContext } from '../support/context.js';
import { newAccount, newDesignVersion, newOrganization } from '../support/factories.js';

let app: INestApplicationContext;
let designs: DesignsService;

beforeAll(async () => {
  app = await createDomainContext();
  designs = app.get(DesignsService);
});
afterAll(() => app.close());

// A word no other test uses, so results are this test's designs only.
const word = () => `zq${randomBytes(4).toString('hex')}`;

describe('design catalogue search', () => {
  it('ranks title matches above description matches and filters by process, material, licence and organization', async () => {
    const w = word();
    const maker = await newAccount(app);
    const org = await newOrganization(app, maker.viewer);
    await newDesignVersion(app, maker.viewer, {
      title: `${w} wind turbine`,
      parts: [{ name: 'Blade', process: 'CNC', material: 'Birch' }],
      license: { hardware: 'CERN-OHL-P-2.0' },
    });
    await newDesignVersion(app, maker.viewer, {
      title: 'Water pump',
      description: `A pump that pairs with the ${w} turbine.`,
      parts: [{ name: 'Housing', process: 'three_d_printing', material: 'PETG' }],
      organizationId: org.id,
      license: { hardware: 'CC-BY-NC-4.0' },
    });

    const all = await designs.search({ text: w }, {});
    expect(all.edges.map((e) => e.node.title)).toEqual([`${w} wind turbine`, 'Water pump']);
    expect(all.totalCount).toBe(2);
    // Stemming: "turbines" finds "turbine".
    expect((await designs.search({ text: `${w} turbines` }, {})).totalCount).toBe(2);
    expect((await designs.search({ text: w, process: 'laser' }, {})).totalCount).toBe(0);
    expect((await designs.search({ text: w, process: 'CNC' }, {})).edges.map((e) => e.node.title)).toEqual([`${w} wind turbine`]);
    expect((await designs.search({ text: w, material: 'petg' }, {})).edges.map((e) => e.node.title)).toEqual(['Water pump']);
    expect((await designs.search({ text: w, licenseClasses: ['NON_COMMERCIAL_ONLY'] }, {})).totalCount).toBe(1);
    expect((await designs.search({ organizationId: org.id }, {})).edges.map((e) => e.node.title)).toEqual(['Water pump']);
  });

  it('pages through every match exactly once, with and without text', async () => {
    const w = word();
    const maker = await newAccount(app);
    const org = await newOrganization(app, maker.viewer);
    for (let i = 0; i < 7; i++) {
      await newDesignVersion(app, maker.viewer, {
        title: `${w} part ${i}`,
        description: i % 2 ? `${w} ${w}` : 'plain',
        organizationId: org.id,
      });
    }
    for (const filter of [{ text: w }, { organizationId: org.id }]) {
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page++) {
        const res = await designs.search(filter, { first: 3, after });
        seen.push(...res.edges.map((e) => e.node.title));
        if (!res.pageInfo.hasNextPage) break;
        after = res.pageInfo.endCursor;
      }
      expect(seen.sort()).toEqual(Array.from({ length: 7 }, (_, i) => `${w} part ${i}`).sort());
    }
  });

  it('shows a design by its latest version only', async () => {
    const w = word();
    const maker = await newAccount(app);
    const first = await newDesignVersion(app, maker.viewer, { title: `${w} old name` });
    await newDesignVersion(app, maker.viewer, { designId: first.designId, title: `${w} new name` });
    expect((await designs.search({ text: w }, {})).edges.map((e) => [e.node.id, e.node.title])).toEqual([
      [first.designId, `${w} new name`],
    ]);
    expect((await designs.search({ text: `${w} new` }, {})).totalCount).toBe(1);
    // The old title matches nothing exactly; the design comes back only as a title close to the
    // words (the typo fallback), and that is its latest title.
    expect((await designs.search({ text: `${w} old` }, {})).edges.map((e) => e.node.title)).toEqual([`${w} new name`]);
  });

  it('refuses unknown processes, licence classes and foreign cursors', async () => {
    await expect(designs.search({ process: 'alchemy' }, {})).rejects.toBeInstanceOf(InvalidInputError);
    await expect(designs.search({ licenseClasses: ['FREE_BEER'] }, {})).rejects.toBeInstanceOf(InvalidInputError);
    await expect(designs.search({ text: 'x' }, { after: 'Yzpub3BlfG5vcGU' })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(designs.search({}, { first: 500 })).rejects.toBeInstanceOf(InvalidInputError);
  });
});
