import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors/domain-error.js';
import type { Tx } from '../database/transaction.js';
import { AccountsRepository } from './accounts.repository.js';
import { OrganizationsRepository } from './organizations.repository.js';

export interface Agent {
  did: string;
  kind: 'ACCOUNT' | 'ORGANIZATION' | 'EXTERNAL';
  id: string | null;
  name: string | null;
}

// Agents (accounts and organizations) by DID and back, for modules that record what agents do.
@Injectable()
export class AgentDirectory {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly organizations: OrganizationsRepository,
  ) {}

  async didOfAccount(id: string, tx?: Tx): Promise<string> {
    const account = await this.accounts.findById(id, tx);
    if (!account) throw new NotFoundError('Account', id);
    return account.did;
  }

  async didOfOrganization(id: string, tx?: Tx): Promise<string> {
    const org = await this.organizations.findById(id, tx);
    if (!org) throw new NotFoundError('Organization', id);
    return org.did;
  }

  // One entry per DID, in order; DIDs that are not ours come back as EXTERNAL.
  async byDids(dids: readonly string[]): Promise<Agent[]> {
    const [accounts, orgs] = await Promise.all([this.accounts.findByDids(dids), this.organizations.findByDids(dids)]);
    const known = new Map<string, Agent>();
    for (const a of accounts) known.set(a.did, { did: a.did, kind: 'ACCOUNT', id: a.id, name: a.name });
    for (const o of orgs) known.set(o.did, { did: o.did, kind: 'ORGANIZATION', id: o.id, name: o.name });
    return dids.map((did) => known.get(did) ?? { did, kind: 'EXTERNAL', id: null, name: null });
  }
}
