import type { INestApplicationContext } from '@nestjs/common';
import { AccessService } from '../../api/src/access/access.service.js';
import { PERMISSION_NAMES, PERMISSIONS } from '../../api/src/access/permissions.js';
import { OrganizationsService } from '../../api/src/identity/organizations.service.js';
import { EXPECTED, RELATIONSHIPS, resources, type Relationship } from '../support/access-matrix.js';
import { createDomainContext } from '../support/context.js';
import { newAccount, newOrganization } from '../support/factories.js';

let app: INestApplicationContext;
beforeAll(async () => {
  app = await createDomainContext();
});
afterAll(() => app.close());

// The whole matrix again, with every relationship a real account and real memberships.
it('applies the access matrix to memberships stored in Postgres', async () => {
  const organizations = app.get(OrganizationsService);
  const access = app.get(AccessService);
  const people = Object.fromEntries(
    await Promise.all(RELATIONSHIPS.filter((r) => r !== 'anonymous').map(async (r) => [r, await newAccount(app)] as const)),
  ) as Record<Exclude<Relationship, 'anonymous'>, Awaited<ReturnType<typeof newAccount>>>;
  const org = await newOrganization(app, people.admin.viewer);
  const federationMember = await newOrganization(app, people['federation admin'].viewer);
  const requesting = await newOrganization(app, people['requesting admin'].viewer);
  const add = (o: { id: string }, by: { accountId: string }, who: { email: string }, role: string) =>
    organizations.addMember(by, o.id, who.email, role);
  await add(org, people.admin.viewer, people.member, 'MEMBER');
  await add(org, people.admin.viewer, people.treasurer, 'TREASURER');
  await add(federationMember, people['federation admin'].viewer, people['federation member'], 'MEMBER');
  await add(requesting, people['requesting admin'].viewer, people['requesting member'], 'MEMBER');
  await add(requesting, people['requesting admin'].viewer, people['requesting treasurer'], 'TREASURER');

  const all = resources({
    org: org.id,
    federationMember: federationMember.id,
    requesting: requesting.id,
    named: people['named account'].id,
    recipientDid: people.recipient.did,
  });
  const actual: Record<string, Relationship[]> = {};
  for (const permission of PERMISSION_NAMES) {
    actual[permission] = [];
    for (const rel of RELATIONSHIPS) {
      if (await access.can(rel === 'anonymous' ? null : people[rel].viewer, permission, all[PERMISSIONS[permission]] as never))
        actual[permission].push(rel);
    }
  }
  expect(actual).toEqual(EXPECTED);
});
