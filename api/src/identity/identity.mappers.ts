import type { Viewer } from '../common/auth/viewer.js';
import type { Account, Membership, Organization } from './identity.types.js';
import { AccountModel, MembershipModel, OrganizationModel } from './models/identity.models.js';

// Domain values → GraphQL models (entities never reach the schema).
export function toAccountModel(account: Account, viewer: Viewer | null): AccountModel {
  return Object.assign(new AccountModel(), {
    id: account.id,
    name: account.name,
    did: account.did,
    // Email addresses are personal data: only their owner sees them.
    email: viewer?.accountId === account.id ? account.email : null,
    createdAt: account.createdAt,
  });
}

export function toOrganizationModel(org: Organization): OrganizationModel {
  return Object.assign(new OrganizationModel(), {
    id: org.id,
    name: org.name,
    handle: org.handle,
    kind: org.kind,
    did: org.did,
    createdAt: org.createdAt,
  });
}

export function toMembershipModel(m: Membership): MembershipModel {
  return Object.assign(new MembershipModel(), {
    id: m.id,
    role: m.role,
    createdAt: m.createdAt,
    organizationId: m.organizationId,
    accountId: m.accountId,
  });
}
