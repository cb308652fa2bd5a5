import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { LoadersFactory } from '../common/graphql/loaders.js';
import { byKey, groupBy } from '../common/graphql/batch.js';
import { AccountsRepository } from './accounts.repository.js';
import type { Account, Membership, Organization } from './identity.types.js';
import { OrganizationsRepository } from './organizations.repository.js';

export interface IdentityLoaders {
  account: DataLoader<string, Account | null>;
  organization: DataLoader<string, Organization | null>;
  membershipsOfAccount: DataLoader<string, Membership[]>;
  membershipsOfOrganization: DataLoader<string, Membership[]>;
}

// Read as `ctx.loaders.<name>` by every resolver (common/graphql/loaders.ts).
declare module '../common/graphql/loaders.js' {
  interface LoaderRegistry extends IdentityLoaders {}
}

// One set of loaders per request: batches the field resolvers' lookups into one query each.
@Injectable()
export class IdentityLoadersFactory implements LoadersFactory {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly organizations: OrganizationsRepository,
  ) {}

  create(): IdentityLoaders {
    return {
      account: new DataLoader(async (ids) => byKey(ids, await this.accounts.findByIds(ids), (a) => a.id)),
      organization: new DataLoader(async (ids) => byKey(ids, await this.organizations.findByIds(ids), (o) => o.id)),
      membershipsOfAccount: new DataLoader(async (ids) =>
        groupBy(ids, await this.organizations.membershipsOfAccounts(ids), (m) => m.accountId),
      ),
      membershipsOfOrganization: new DataLoader(async (ids) =>
        groupBy(ids, await this.organizations.membershipsOfOrganizations(ids), (m) => m.organizationId),
      ),
    };
  }
}
