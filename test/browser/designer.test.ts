import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { FIXTURES } from '../support/datasets.js';
import type { Browser, Page } from 'playwright-core';
import { testConfig } from '../support/config.js';
import { PASSWORD, uniqueEmail } from '../support/factories.js';
import { startPlatform } from '../support/http.js';
import { scratchDatabase } from '../support/scratch.js';
import { launchBrowser, screenshot, watchErrors } from './browser.js';

type Platform = Awaited<ReturnType<typeof startPlatform>>;

// A designer in a real browser: signs up, publishes a design with a file (the upload's progress
// shown), finds it in the catalogue and opens it.
describe('the web app, for designers', () => {
  let platform: Platform;
  let browser: Browser;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await scratchDatabase({ migrate: true, label: 'web_designer' });
    drop = db.drop;
    platform = await startPlatform({
      config: testConfig({ DATABASE_URL: db.url, QUEUE_PREFIX: `test-web-${randomBytes(4).toString('hex')}` }),
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    await drop?.();
  });

  async function signUp(page: Page, name: string): Promise<string> {
    const email = uniqueEmail(name.toLowerCase().replace(/\W+/g, '-'));
    await page.goto(`${platform.baseUrl}/register`);
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name }).waitFor();
    return email;
  }

  it('publishes a design with a file, showing the upload’s progress, and finds it in the catalogue', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await signUp(page, 'Ada Designer');

    await page.getByRole('link', { name: 'Publish' }).click();
    await page.getByLabel('Title').fill('Seed Drawer');
    await page.getByLabel('Description').fill('A plywood drawer for seed libraries, cut on a laser.');
    await page.getByLabel('Part 1 name').fill('side panel');
    await page.getByLabel('Process').first().fill('LASER_CUTTING');
    await page.getByLabel('Material').first().fill('plywood');
    // A file big enough, on a slowed link, to watch the progress bar move.
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    await page.getByLabel('Files').setInputFiles([
      { name: 'panel.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') },
      { name: 'drawer.step', mimeType: 'application/octet-stream', buffer: big },
    ]);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: 8 * 1024 * 1024,
      uploadThroughput: 1024 * 1024,
    });
    await page.getByRole('button', { name: 'Publish' }).click();
    const bar = page.getByLabel('Upload progress');
    await bar.waitFor();
    const seen = new Set<number>();
    while (!(await page.getByRole('heading', { name: 'Seed Drawer' }).isVisible())) {
      const value = await bar.getAttribute('value', { timeout: 100 }).catch(() => null);
      if (value !== null) seen.add(Number(value));
      await page.waitForTimeout(100);
    }
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    // The bar moved through values between empty and full while the bytes went up.
    expect([...seen].some((v) => v > 0 && v < 100)).toBe(true);

    // The design page: files from IPFS with downloads, parts, the licence and what it allows.
    await page.getByRole('heading', { name: 'Seed Drawer' }).waitFor();
    await expect(page.getByRole('link', { name: 'drawer.step' }).getAttribute('href')).resolves.toMatch(
      /^\/ipfs\/b[a-z2-7]+\/drawer\.step$/,
    );
    expect(await page.getByText('Commercial, share-alike').count()).toBe(1);
    expect(await page.getByRole('cell', { name: 'side panel' }).count()).toBe(1);
    const download = await page.request.get(
      `${platform.baseUrl}${await page.getByRole('link', { name: 'panel.svg' }).getAttribute('href')}`,
    );
    expect(await download.text()).toContain('<svg');
    await screenshot(page, 'design-page');

    // The catalogue finds it by text and by process, and not by an excluded word.
    await page.getByRole('link', { name: 'Designs' }).click();
    await page.getByLabel('Search designs').fill('seed drawer');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Seed Drawer' }).waitFor();
    expect(page.url()).toContain('q=seed+drawer');
    await page.getByLabel('Search designs').fill('seed -drawer');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('0 designs').waitFor();
    await screenshot(page, 'catalogue');

    // At phone width the same page is usable: nothing runs off the side.
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${platform.baseUrl}/`);
    await page.getByRole('link', { name: 'Seed Drawer' }).waitFor();
    const overflow = await page.evaluate(() => {
      const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document
        .documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'catalogue-phone');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('imports a real Open Know-How manifest (a CC0 one kept in test/fixtures) as a design', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await signUp(page, 'Olu Importer');
    await page.getByRole('link', { name: 'Publish' }).click();
    await page
      .getByLabel('Manifest file (.toml, .yml, .json)')
      .setInputFiles(join(FIXTURES, 'okh', 'FairITYourself+assembly-kit__okh.toml'));
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Faire Maus - 3 Tasten' }).waitFor();
    await page.getByRole('heading', { name: 'Parts' }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('is reachable from the keyboard and answers a bad sign-in with the API’s message', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${platform.baseUrl}/login`);
    await page.getByLabel('Email').waitFor();
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document.activeElement?.textContent,
      ),
    ).toBe('Skip to content');
    await page.getByLabel('Email').fill('nobody@example.org');
    await page.getByLabel('Password').fill('not the right password at all');
    await page.getByLabel('Password').press('Enter');
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/email or password/i);
    // Unknown paths are the app's own "not found", served as the app.
    await page.goto(`${platform.baseUrl}/no/such/page`);
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    expect(errors.filter((e) => !/401|Failed to load resource/.test(e))).toEqual([]);
    await page.close();
  });

  it('keeps the session out of reach of page scripts, and of pages uploaded to the gateway', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await signUp(page, 'Bea Victim');
    // The app's own scripts cannot read the session either: it is an HttpOnly cookie.
    expect(
      await page.evaluate('({ cookie: document.cookie, stored: Object.keys(localStorage).filter((k) => /token|session/i.test(k)) })'),
    ).toEqual({ cookie: '', stored: [] });

    // Someone else uploads a page and an image that try to act with whoever opens them.
    const attacker = await platform.gql<{ register: { token: string } }>('mutation($i: RegisterInput!) { register(input: $i) { token } }', {
      i: { email: uniqueEmail('mallory'), password: PASSWORD, name: 'Mallory' },
    });
    const steal = `document.title = 'ran'; fetch('/graphql', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ me { email } }' }) }).then((r) => r.text()).then((t) => { document.title = 'stole ' + t; });`;
    const form = new FormData();
    form.append('file', new Blob([`<!doctype html><title>page</title><script>${steal}</script>`], { type: 'text/html' }), 'evil.html');
    form.append(
      'file',
      new Blob([
        `<svg xmlns="http://www.w3.org/2000/svg"><script>${steal.replace(/document\.title/g, 'document.documentElement.dataset.t')}</script></svg>`,
      ]),
      'evil.svg',
    );
    const uploaded = (await (
      await fetch(`${platform.baseUrl}/api/uploads`, {
        method: 'POST',
        body: form,
        headers: { authorization: `Bearer ${attacker.data!.register.token}` },
      })
    ).json()) as { cid: string };

    const graphqlCalls: string[] = [];
    page.on('request', (r) => r.url().endsWith('/graphql') && graphqlCalls.push(r.url()));
    await page.goto(`${platform.baseUrl}/ipfs/${uploaded.cid}/evil.html`);
    await page.waitForTimeout(500);
    expect(await page.title()).toBe('page');
    await page.goto(`${platform.baseUrl}/ipfs/${uploaded.cid}/evil.svg`);
    await page.waitForTimeout(500);
    expect(await page.evaluate('document.documentElement.dataset.t ?? null')).toBeNull();
    expect(graphqlCalls).toEqual([]);

    // Back in the app (the sandboxed pages' own blocked loads aside), the person is still signed
    // in; signing out ends it on the server too.
    errors.length = 0;
    await page.goto(`${platform.baseUrl}/account`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    expect(errors).toEqual([]);
  });
});
