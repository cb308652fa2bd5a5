import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../api/src/common/paths.js';
import { chromiumLaunchOptions } from '../../scripts/lib/chromium.mjs';

export const ARTIFACTS = join(PROJECT_ROOT, 'test-artifacts', 'screenshots');

// Debian's chromium, launched as every browser run here launches it.
export function launchBrowser(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions());
}

// Console errors and uncaught exceptions of the app (failed map tiles are the network's, not the app's).
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (/tile\.openstreetmap\.org/.test(msg.location().url ?? '') || /tile\.openstreetmap\.org/.test(msg.text())) return;
    errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
