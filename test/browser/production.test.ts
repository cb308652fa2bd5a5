import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { testConfig } from '../support/config.js';
import { fundedSignerKey } from '../support/chain.js';
import { startPlatform } from '../support/http.js';
import { scratchDatabase } from '../support/scratch.js';
import { launchBrowser, screenshot } from './browser.js';
import { createOrganization, person } from './flows.js';

type Platform = Awaited<ReturnType<typeof startPlatform>>;

// Three people at three browsers over the real stack (API and worker): a makerspace sets up its
// facility on the map, a designer publishes, a requester orders the design nearby, the makerspace
// claims the job and takes it to delivery with QC evidence, the requester accepts and pays, and
// the worker shares the payment out.
describe('the web app, from a request to a payment', () => {
  let platform: Platform;
  let browser: Browser;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await scratchDatabase({ migrate: true, label: 'web_production' });
    drop = db.drop;
    platform = await startPlatform({
      worker: true,
      config: testConfig({
        DATABASE_URL: db.url,
        QUEUE_PREFIX: `test-webp-${randomBytes(4).toString('hex')}`,
        CHAIN_SIGNER_KEY: await fundedSignerKey(),
        ANCHOR_MAX_DELAY_SECONDS: '0',
        ANCHOR_POLL_MS: '250',
        GOVERNANCE_MIN_VOTING_SECONDS: '1',
      }),
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    await drop?.();
  });

  it('takes a design from the catalogue to a made, accepted and paid job', async () => {
    const base = platform.baseUrl;
    // The makerspace: an organization and a facility placed on the map, with a laser cutter.
    const maker = await person(browser, base, 'Mo Maker');
    await createOrganization(maker.page, 'Riverside Fab Lab', 'MAKERSPACE');
    await maker.page.getByRole('link', { name: 'Makerspace' }).click();
    await maker.page.getByLabel('Facility name').fill('Riverside workshop');
    await maker.page.getByLabel('Machine hours per week').fill('40');
    // A click on the map picks a place (even with no tiles); then the exact place is typed.
    await maker.page.getByRole('region', { name: /Where it is/ }).click({ position: { x: 200, y: 120 } });
    await maker.page.getByLabel('Latitude').waitFor();
    expect(await maker.page.getByLabel('Latitude').inputValue()).not.toBe('');
    await maker.page.getByLabel('Latitude').fill('52.3702');
    await maker.page.getByLabel('Longitude').fill('4.8952');
    await maker.page.getByLabel('City', { exact: true }).fill('Amsterdam');
    await maker.page.getByLabel('Machine 1 process').fill('laser cutting');
    await maker.page.getByLabel('Materials (comma-separated)').fill('plywood, acrylic');
    await maker.page.getByLabel('Build volume x (mm)').fill('1000');
    await maker.page.getByLabel('y (mm)').fill('600');
    await maker.page.getByLabel('z (mm)').fill('30');
    await maker.page.getByRole('button', { name: 'Register facility' }).click();
    await maker.page.getByRole('heading', { name: 'Profile of Riverside workshop' }).waitFor();
    await screenshot(maker.page, 'makerspace-profile');

    // The designer publishes a laser-cut design.
    const designer = await person(browser, base, 'Dee Designer');
    await designer.page.getByRole('link', { name: 'Publish' }).click();
    await designer.page.getByLabel('Title').fill('Seed Drawer');
    await designer.page.getByLabel('Part 1 name').fill('side panel');
    await designer.page.getByLabel('Process').first().fill('LASER_CUTTING');
    await designer.page.getByLabel('Material').first().fill('plywood');
    await designer.page
      .getByLabel('Files')
      .setInputFiles([{ name: 'panel.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') }]);
    await designer.page.getByRole('button', { name: 'Publish' }).click();
    await designer.page.getByRole('heading', { name: 'Seed Drawer' }).waitFor();

    // The requester finds it, asks for two nearby, and sees who can make it, on the map.
    const requester = await person(browser, base, 'Rae Requester');
    await requester.page.getByRole('link', { name: 'Designs' }).click();
    await requester.page.getByRole('link', { name: 'Seed Drawer' }).click();
    await requester.page.getByRole('link', { name: 'Request production' }).click();
    await requester.page.getByLabel('Quantity').fill('2');
    await requester.page.getByLabel('Within (km)').fill('30');
    await requester.page.getByLabel('Budget').fill('120.50');
    // The place by its address: the geocoder (OpenStreetMap's Nominatim, out of reach here) answers
    // at the network's edge as it would.
    await requester.page.route('https://nominatim.openstreetmap.org/**', (route) =>
      route.fulfill({ json: [{ lat: '52.35', lon: '4.9', display_name: 'Oost, Amsterdam, Noord-Holland' }] }),
    );
    await requester.page.getByLabel('Find an address').fill('Amsterdam Oost');
    await requester.page.getByRole('button', { name: 'Find', exact: true }).click();
    await requester.page.getByText('Oost, Amsterdam, Noord-Holland').waitFor();
    expect([await requester.page.getByLabel('Latitude').inputValue(), await requester.page.getByLabel('Longitude').inputValue()]).toEqual([
      '52.35',
      '4.9',
    ]);
    await requester.page.getByRole('button', { name: 'Find makers nearby' }).click();
    await requester.page.getByRole('heading', { name: 'Who can make it' }).waitFor();
    await requester.page.getByText('Riverside workshop').first().waitFor();
    expect(await requester.page.getByRole('region', { name: /Where it is needed/ }).getAttribute('data-points')).toBe('2');
    await screenshot(requester.page, 'request-matches');
    await requester.page.getByRole('button', { name: 'Send the request' }).click();
    await requester.page.getByRole('heading', { name: /Seed Drawer ×2/ }).waitFor();
    const requestUrl = requester.page.url();

    // The makerspace claims it from its job board and takes it through production with QC evidence.
    await maker.page.getByRole('link', { name: 'Makerspace' }).click();
    await maker.page.getByRole('button', { name: /Claim/ }).click();
    await maker.page.getByRole('button', { name: 'Start production' }).click();
    await maker.page.getByRole('button', { name: /Mark ready/ }).waitFor();
    await maker.page.getByRole('button', { name: /Mark ready/ }).click();
    await maker.page.getByRole('alert').filter({ hasText: 'evidence' }).waitFor(); // nothing moves without evidence
    await maker.page.getByLabel('QC evidence').setInputFiles([{ name: 'qc.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(2048, 1) }]);
    await maker.page.getByRole('button', { name: /Mark ready/ }).click();
    await maker.page.getByRole('button', { name: 'Mark delivered' }).click();
    await maker.page.getByRole('cell', { name: 'delivered' }).waitFor();
    await screenshot(maker.page, 'job-board');

    // The requester accepts and pays; the worker shares the payment out.
    await requester.page.goto(requestUrl);
    await requester.page.getByRole('button', { name: 'Accept delivery' }).click();
    await requester.page.getByLabel('Amount paid').waitFor();
    expect(await requester.page.getByLabel('Amount paid').inputValue()).toBe('120.50');
    await requester.page.getByRole('button', { name: 'Record payment' }).click();
    await requester.page.getByText(/Paid 120\.50 EUR/).waitFor();
    for (let i = 0; i < 100 && !(await requester.page.getByText('distributed').isVisible()); i++) {
      await requester.page.waitForTimeout(300);
      if (await requester.page.getByRole('button', { name: 'refresh' }).isVisible())
        await requester.page.getByRole('button', { name: 'refresh' }).click();
    }
    await requester.page.getByText('distributed').waitFor();
    await requester.page
      .getByText(/to the solidarity fund/)
      .first()
      .waitFor();
    await screenshot(requester.page, 'request-paid');

    // The designer sees their contributions anchored, checks one, and why they were paid what they were.
    await designer.page.getByRole('link', { name: 'Contributions' }).click();
    await designer.page.getByRole('heading', { name: /Signed records/ }).waitFor();
    for (let i = 0; i < 60 && !(await designer.page.getByText('ANCHORED', { exact: true }).first().isVisible()); i++) {
      await designer.page.waitForTimeout(500);
      await designer.page.getByRole('link', { name: 'Contributions' }).click();
    }
    await designer.page.getByText('ANCHORED', { exact: true }).first().waitFor();
    await designer.page
      .getByRole('button', { name: /^Verify/ })
      .first()
      .click();
    await designer.page.getByRole('status').filter({ hasText: 'valid' }).first().waitFor();
    await designer.page.getByText('Transaction').first().waitFor();
    await designer.page.getByRole('button', { name: 'why this amount?' }).first().click();
    await designer.page.getByText(/from the lineage bucket/).waitFor();
    await screenshot(designer.page, 'contributions');

    // A member of the makerspace puts a question to its members and votes.
    await maker.page.getByRole('link', { name: 'Decisions' }).click();
    await maker.page.getByLabel('Title').fill('Open on Saturdays?');
    await maker.page.getByLabel('Why').fill('Requests are piling up.');
    await maker.page.getByLabel('Voting days').fill('1');
    await maker.page.getByRole('button', { name: 'Put it to the members' }).click();
    await maker.page.getByRole('heading', { name: 'Open on Saturdays?' }).waitFor();
    await maker.page.getByRole('radio', { name: 'yes' }).check();
    await maker.page.getByRole('button', { name: 'Vote' }).click();
    await maker.page.getByText('yes (1)').waitFor();
    await maker.page.getByText(/signed record/).waitFor();
    await screenshot(maker.page, 'proposal');
    await maker.page.getByRole('link', { name: 'Decisions' }).click();
    await maker.page.getByRole('link', { name: 'The treasury’s open books' }).click();
    await maker.page.getByRole('heading', { name: /treasury/ }).waitFor();
    await maker.page.getByText(/solidarity fund:/).waitFor();
    // The payment appears in the flows by bucket, this month and today, with the exact total.
    await maker.page.getByRole('img', { name: 'Income distributed by bucket, last 12 months' }).waitFor();
    await maker.page.getByRole('cell', { name: '120.50 EUR', exact: true }).waitFor();
    await maker.page.getByLabel('Period').selectOption('DAY');
    await maker.page.getByRole('img', { name: 'Income distributed by bucket, last 30 days' }).waitFor();
    await maker.page.getByRole('cell', { name: '120.50 EUR', exact: true }).waitFor();
    expect(
      await maker.page
        .getByRole('row')
        .filter({ has: maker.page.getByRole('cell', { name: '120.50 EUR', exact: true }) })
        .count(),
    ).toBe(1);
    await screenshot(maker.page, 'treasury');

    for (const who of [maker, designer, requester]) expect(who.errors).toEqual([]);
  });
});
