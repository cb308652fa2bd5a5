import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { DesignsService } from '../../api/src/designs/designs.service.js';
import type { PublishInput } from '../../api/src/designs/publish-input.js';
import { AccountsService } from '../../api/src/identity/accounts.service.js';
import { ContentService } from '../../api/src/ipfs/content.service.js';
import type { OrganizationKind } from '../../api/src/identity/identity.types.js';
import { OrganizationsService } from '../../api/src/identity/organizations.service.js';

export const PASSWORD = 'violet lantern over quiet harbour';

export function uniqueEmail(label = 'person'): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.org`;
}

// Rows are made through the services, so every factory row is one a user could make.
export async function newAccount(app: INestApplicationContext, overrides: { email?: string; name?: string } = {}) {
  const result = await app.get(AccountsService).register({
    email: overrides.email ?? uniqueEmail(),
    password: PASSWORD,
    name: overrides.name ?? 'Test Person',
  });
  return { ...result.account, token: result.token, viewer: { accountId: result.account.id } };
}

export async function newOrganization(
  app: INestApplicationContext,
  admin: { accountId: string },
  overrides: { name?: string; kind?: OrganizationKind } = {},
) {
  return app.get(OrganizationsService).create(admin, { name: overrides.name ?? 'Test Co-op', kind: overrides.kind ?? 'COOPERATIVE' });
}

// Files really imported into the blockstore, as an upload would.
export async function newUpload(app: INestApplicationContext, files: Record<string, string> = { 'README.md': `design ${randomUUID()}` }) {
  const encoder = new TextEncoder();
  const { root, files: imported } = await app.get(ContentService).importTree(
    Object.entries(files).map(([path, text]) => ({ path, content: encoder.encode(text) })),
  );
  return { rootCid: root.toString(), files: imported.map((f) => ({ path: f.path, cid: f.cid.toString() })) };
}

export async function newDesignVersion(app: INestApplicationContext, viewer: { accountId: string }, overrides: Partial<PublishInput> = {}) {
  const upload = overrides.rootCid || overrides.files ? {} : { rootCid: (await newUpload(app)).rootCid };
  return app.get(DesignsService).publish(viewer, {
    title: 'Open Bracket',
    license: { hardware: 'CERN-OHL-S-2.0', documentation: 'CC-BY-SA-4.0' },
    ...upload,
    ...overrides,
  });
}
