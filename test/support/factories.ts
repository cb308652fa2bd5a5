import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { AccountsService } from '../../api/src/identity/accounts.service.js';
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
