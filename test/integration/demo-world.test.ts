import { DynamicModule, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CID } from 'multiformats/cid';
import { ConfigModule } from '../../api/src/config/config.module.js';
import type { AppConfig } from '../../api/src/config/config.js';
import { ContributionsModule } from '../../api/src/contributions/contributions.module.js';
import { Database } from '../../api/src/database/database.js';
import { DatabaseModule } from '../../api/src/database/database.module.js';
import { DemoModule } from '../../api/src/demo/demo.module.js';
import { DemoWorldService } from '../../api/src/demo/demo-world.service.js';
import { loadDemoWorld } from '../../api/src/demo/demo-world.js';
import { DesignsService } from '../../api/src/designs/designs.service.js';
import { FacilitiesService } from '../../api/src/facilities/facilities.service.js';
import { AccountsService } from '../../api/src/identity/accounts.service.js';
import { ContentService } from '../../api/src/ipfs/content.service.js';
import { ProductionService } from '../../api/src/production/production.service.js';
import { RedisModule } from '../../api/src/redis/redis.module.js';
import { testConfig } from '../support/config.js';
import { captureDelivery } from '../support/events.js';
import { newAccount } from '../support/factories.js';
import { scratchDatabase } from '../support/scratch.js';

// The demo world is seeded only into a platform that holds nothing else, so each scenario has a database of its own.
@Module({})
class DemoTestModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DemoTestModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, RedisModule, DemoModule, ContributionsModule],
    };
  }
}

async function instance() {
  const db = await scratchDatabase({ migrate: true, label: 'demo' });
  const app = await NestFactory.createApplicationContext(DemoTestModule.forRoot(testConfig({ DATABASE_URL: db.url })), { logger: false });
  await app.init();
  return {
    app,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

const TABLES = [
  'accounts',
  'organizations',
  'memberships',
  'facilities',
  'facility_equipment',
  'designs',
  'design_versions',
  'design_version_parents',
  'production_requests',
  'production_jobs',
  'production_offers',
  'outbox_events',
];

async function counts(app: INestApplicationContext): Promise<Record<string, number>> {
  const db = app.get(Database);
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = (await db.query(`SELECT count(*)::int AS n FROM ${t}`))[0].n;
  return out;
}

const world = loadDemoWorld();
const viewerOf = async (app: INestApplicationContext, key: string) => {
  const account = await app.get(AccountsService).findByEmail(world.accounts.find((a) => a.key === key)!.email);
  return { accountId: account!.id };
};

describe('the demo world', () => {
  let seeded: Awaited<ReturnType<typeof instance>>;
  beforeAll(async () => {
    seeded = await instance();
  });
  afterAll(() => seeded.close());

  it('seeds an empty platform with designs, facilities and a production request, as users would make them', async () => {
    const { app } = seeded;
    const outcome = await app.get(DemoWorldService).seedIfEmpty();
    expect(outcome).toMatchObject({ seeded: true, designs: 5, facilities: 6, organizations: 2, password: world.password });

    // The designs, in the catalogue, with their folders on IPFS.
    const designs = app.get(DesignsService);
    const catalogue = await designs.search({}, { first: 20 });
    expect(catalogue.totalCount).toBe(5);
    expect(catalogue.edges.map((e) => e.node.title).sort()).toEqual([
      'Flat-pack Stool',
      'Laser-cut Tool Wall',
      'Modular Seed Tray',
      'Seed Tray Humidity Lid',
      'Small Solar Charge Controller',
    ]);
    const stool = (await designs.search({ text: 'stool' }, { first: 1 })).edges[0]!.node;
    const [version] = await designs.versionsOfDesign(stool.id, 1);
    expect(version!.licences).toMatchObject({ hardware: 'CERN-OHL-S-2.0', documentation: 'CC-BY-4.0' });
    expect(version!.manifest.parts.map((p) => [p.name, p.process, p.material])).toEqual([
      ['Seat', 'CNC_MILLING', 'plywood'],
      ['Leg panel', 'CNC_MILLING', 'plywood'],
    ]);
    const files = await app.get(ContentService).listFiles(CID.parse(version!.rootCid));
    expect(files.map((f) => f.path)).toEqual(['README.md', 'cut-layout.svg', 'leg.stl', 'okh.toml', 'seat.stl']);
    expect(await designs.search({ process: 'THREE_D_PRINTING' }, { first: 20 }).then((c) => c.totalCount)).toBe(4);

    // The lid is a remix of the tray.
    const lid = (await designs.search({ text: 'humidity lid' }, { first: 1 })).edges[0]!.node;
    const [lidVersion] = await designs.versionsOfDesign(lid.id, 1);
    const ancestors = await designs.lineage(lidVersion!.id, 'ancestors', 1);
    expect(ancestors.map((a) => a.version.title)).toEqual(['Modular Seed Tray']);

    // Publishing left events that the worker turns into signed contribution records.
    await captureDelivery(app)(stool.id);
    const records = await app
      .get(Database)
      .query(`SELECT count(*)::int AS n FROM contribution_records WHERE design_version_cid = $1`, [version!.cid]);
    expect(records[0].n).toBeGreaterThan(0);

    // Six facilities, found where they are.
    const facilities = app.get(FacilitiesService);
    expect((await facilities.page(null, 50)).map((f) => f.name).sort()).toEqual(world.facilities.map((f) => f.name).sort());
    const nearLisbon = await facilities.near({ lat: 38.7223, lon: -9.1393, radiusKm: 30 });
    expect(nearLisbon.map((n) => n.facility.city)).toEqual(['Lisboa', 'Lisboa']);

    // Sam's request is on the job board of the co-op's CNC shop.
    const sam = await viewerOf(app, 'sam');
    const production = app.get(ProductionService);
    const [request] = await production.myRequests(sam, 10);
    expect(request).toMatchObject({ id: outcome.seeded && outcome.requestId, quantity: 4 });
    const marvila = (await facilities.page(null, 50)).find((f) => f.name.includes('Marvila'))!;
    const board = await production.jobBoard(await viewerOf(app, 'tomas'), marvila.id, 10);
    expect(board.open).toHaveLength(1);

    // The accounts sign in with the published password.
    const login = await app.get(AccountsService).login(world.accounts[0]!.email, world.password);
    expect(login.token).toBeTruthy();
  });

  it('changes nothing when seeded a second time', async () => {
    const { app } = seeded;
    const before = await counts(app);
    expect(before.designs).toBe(5);
    const outcome = await app.get(DemoWorldService).seedIfEmpty();
    expect(outcome).toEqual({ seeded: false, reason: 'the demo world is already complete' });
    expect(await counts(app)).toEqual(before);
  });

  it('completes a seed cut off partway, with nothing made twice', async () => {
    const full = await counts(seeded.app);
    const cut = await instance();
    try {
      const demo = cut.app.get(DemoWorldService);
      // A seed stopped in its designs step: every account, the organizations without their
      // members, the first facilities and the first designs.
      await demo.seedStep('accounts', world);
      await demo.seedStep('organizations', { ...world, organizations: world.organizations.map((o) => ({ ...o, members: [] })) });
      await demo.seedStep('facilities', { ...world, facilities: world.facilities.slice(0, 3) });
      await demo.seedStep('designs', { ...world, designs: world.designs.slice(0, 2) });
      expect(await counts(cut.app)).toMatchObject({ accounts: 4, memberships: 2, facilities: 3, designs: 2, production_requests: 0 });

      const outcome = await demo.seedIfEmpty(world);
      expect(outcome).toMatchObject({ seeded: true, designs: 5, facilities: 6, organizations: 2 });
      const after = await counts(cut.app);
      // Publishing's events are delivered in the first scenario, so only the rows are compared.
      const rows = ({ outbox_events: _events, ...rest }: Record<string, number>) => rest;
      expect(rows(after)).toEqual(rows(full));
      const titles = (await cut.app.get(DesignsService).search({}, { first: 20 })).edges.map((e) => e.node.title);
      expect(new Set(titles).size).toBe(5);
      const [request] = await cut.app.get(ProductionService).myRequests(await viewerOf(cut.app, 'sam'), 10);
      expect(request).toMatchObject({ id: outcome.seeded && outcome.requestId, quantity: 4 });

      expect(await demo.seedIfEmpty(world)).toEqual({ seeded: false, reason: 'the demo world is already complete' });
      expect(await counts(cut.app)).toEqual(after);
    } finally {
      await cut.close();
    }
  });

  it('leaves a partial demo world alone once someone else has an account', async () => {
    const other = await instance();
    try {
      const demo = other.app.get(DemoWorldService);
      await demo.seedStep('accounts', world);
      await newAccount(other.app);
      const before = await counts(other.app);
      expect(await demo.seedIfEmpty(world)).toEqual({
        seeded: false,
        reason: 'the platform has accounts or designs besides the demo world',
      });
      expect(await counts(other.app)).toEqual(before);
      expect(before).toMatchObject({ accounts: 5, organizations: 0, designs: 0 });
    } finally {
      await other.close();
    }
  });

  it('leaves a platform that already has data alone', async () => {
    const other = await instance();
    try {
      await newAccount(other.app);
      const before = await counts(other.app);
      const outcome = await other.app.get(DemoWorldService).seedIfEmpty();
      expect(outcome.seeded).toBe(false);
      expect(await counts(other.app)).toEqual(before);
      expect(before).toMatchObject({ accounts: 1, designs: 0, facilities: 0, production_requests: 0 });
    } finally {
      await other.close();
    }
  });
});
