import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { Database } from '../../api/src/database/database.js';
import { COUNT_BOUND } from '../../api/src/designs/design-search.js';
import { DesignsService } from '../../api/src/designs/designs.service.js';
import { createDomainContext } from '../support/context.js';
import { designsInBulk, newAccount, newDesignVersion, newOrganization } from '../support/factories.js';

let app: INestApplicationContext;
let designs: DesignsService;
let db: Database;

beforeAll(async () => {
  app = await createDomainContext();
  designs = app.get(DesignsService);
  db = app.get(Database);
});
afterAll(() => app.close());

// A word no other test uses, so results are this test's designs only.
const word = () => `zq${randomBytes(4).toString('hex')}`;
const titles = (page: { edges: Array<{ node: { title: string } }> }) => page.edges.map((e) => e.node.title);

describe('catalogue search at scale', () => {
  it('counts exactly up to the bound, then reports the bound as capped; filters apply to the count', async () => {
    const w = word();
    const maker = await newAccount(app);
    const org = await newOrganization(app, maker.viewer);
    await designsInBulk(db, {
      count: COUNT_BOUND + 5,
      title: `${w} panel`,
      accountId: maker.id,
      organizationId: org.id,
      allowedFrom: 1001,
    });

    expect(await designs.search({ text: w }, {})).toMatchObject({ totalCount: COUNT_BOUND, totalCountCapped: true });
    expect(await designs.search({ organizationId: org.id }, {})).toMatchObject({ totalCount: COUNT_BOUND, totalCountCapped: true });
    // Designs 1001–1005 are ALLOWED: past the first thousand matches, still found by the filter.
    const allowed = await designs.search({ text: w, licenseClasses: ['ALLOWED'] }, { first: 10 });
    expect(allowed).toMatchObject({ totalCount: 5, totalCountCapped: false });
    expect(titles(allowed).sort()).toEqual([1001, 1002, 1003, 1004, 1005].map((n) => `${w} panel ${n}`).sort());
    expect(await designs.search({ text: w, process: 'LASER_CUTTING' }, {})).toMatchObject({ totalCount: 0, totalCountCapped: false });
  });

  it('pages through every match of a common word once each, window after ranked window', async () => {
    const w = word();
    const maker = await newAccount(app);
    await designsInBulk(db, { count: COUNT_BOUND + 200, title: `${w} bracket`, accountId: maker.id });
    const seen = new Set<string>();
    let edges = 0;
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const res = await designs.search({ text: w }, { first: 100, after });
      edges += res.edges.length;
      for (const e of res.edges) seen.add(e.node.id);
      if (!res.pageInfo.hasNextPage) break;
      after = res.pageInfo.endCursor;
    }
    expect(seen.size).toBe(COUNT_BOUND + 200);
    expect(edges).toBe(COUNT_BOUND + 200);
  });

  it('ranks title matches above description-only matches, shorter titles first', async () => {
    const w = word();
    const maker = await newAccount(app);
    const org = await newOrganization(app, maker.viewer);
    await newDesignVersion(app, maker.viewer, {
      title: 'Seed tray',
      description: `${w} ${w} ${w}: the ${w} that every ${w} needs.`,
      organizationId: org.id,
    });
    await newDesignVersion(app, maker.viewer, { title: `Tall ${w} stand with wheels for workshops`, organizationId: org.id });
    await newDesignVersion(app, maker.viewer, { title: `${w} stand`, organizationId: org.id });
    await newDesignVersion(app, maker.viewer, {
      title: `Tall ${w} stand with wheels for workshops`,
      organizationId: org.id,
      parts: [{ name: 'Frame', process: 'laser' }],
    });

    const all = await designs.search({ text: w }, {});
    expect(titles(all)).toEqual([
      `${w} stand`,
      `Tall ${w} stand with wheels for workshops`,
      `Tall ${w} stand with wheels for workshops`,
      'Seed tray',
    ]);
    expect(all).toMatchObject({ totalCount: 4, totalCountCapped: false });
    // Paging one at a time crosses from the title tier into the description tier.
    const pages: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const res = await designs.search({ text: w }, { first: 1, after });
      pages.push(...titles(res));
      if (!res.pageInfo.hasNextPage) break;
      after = res.pageInfo.endCursor;
    }
    expect(pages).toEqual(titles(all));
    expect(titles(await designs.search({ text: w, process: 'laser' }, {}))).toEqual([`Tall ${w} stand with wheels for workshops`]);
  });

  it('finds titles close to a mistyped word when nothing matches exactly, with the filters applied', async () => {
    const maker = await newAccount(app);
    const org = await newOrganization(app, maker.viewer);
    await newDesignVersion(app, maker.viewer, { title: 'Ink loom', organizationId: org.id, parts: [{ name: 'Frame', process: 'laser' }] });
    await newDesignVersion(app, maker.viewer, { title: 'Seed tray', organizationId: org.id });

    const typo = await designs.search({ text: 'lom', organizationId: org.id }, {});
    expect(titles(typo)).toEqual(['Ink loom']);
    expect(typo).toMatchObject({ totalCount: 1, totalCountCapped: false });
    expect(titles(await designs.search({ text: 'lom', organizationId: org.id, process: 'laser' }, {}))).toEqual(['Ink loom']);
    expect(titles(await designs.search({ text: 'lom', organizationId: org.id, process: 'CNC' }, {}))).toEqual([]);
    // Exact matches leave similar titles out.
    await newDesignVersion(app, maker.viewer, { title: 'Lom bench', organizationId: org.id });
    expect(titles(await designs.search({ text: 'lom', organizationId: org.id }, {}))).toEqual(['Lom bench']);
    expect(titles(await designs.search({ text: 'xylophone', organizationId: org.id }, {}))).toEqual([]);
    // An excluded word is never overridden by similarity.
    expect(titles(await designs.search({ text: 'ink -loom', organizationId: org.id }, {}))).toEqual([]);
  });
});
