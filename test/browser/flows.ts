import type { Browser, Page } from 'playwright-core';
import { PASSWORD, uniqueEmail } from '../support/factories.js';
import { watchErrors } from './browser.js';

// One person at their own browser (a context of their own: their own session).
export async function person(browser: Browser, baseUrl: string, name: string): Promise<{ page: Page; email: string; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const email = uniqueEmail(name.toLowerCase().replace(/\W+/g, '-'));
  await page.goto(`${baseUrl}/register`);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name }).waitFor();
  return { page, email, errors };
}

export async function createOrganization(page: Page, name: string, kind: string): Promise<void> {
  await page.getByRole('link', { name: 'Account' }).or(page.locator('header .session a').first()).first().click();
  await page.getByLabel('New organization’s name').fill(name);
  await page.getByLabel('Kind').selectOption(kind);
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('listitem').filter({ hasText: name }).first().waitFor();
}
