import { Injectable } from '@nestjs/common';
import type { Viewer } from '../common/auth/viewer.js';
import { ConflictError, ForbiddenError, InvalidInputError } from '../common/errors/domain-error.js';
import { UnitOfWork } from '../database/transaction.js';
import { OrganizationsService } from '../identity/organizations.service.js';
import type { Organization } from '../identity/identity.types.js';
import { GovernanceRepository } from './governance.repository.js';

// Federations: organizations whose members are organizations, one vote each (e.g. co-ops sharing a
// solidarity fund). An organization joins with the consent of both sides (a viewer who is an admin
// of each), or by a MEMBERSHIP proposal the federation passes; it may always leave.
@Injectable()
export class FederationsService {
  constructor(
    private readonly repo: GovernanceRepository,
    private readonly organizations: OrganizationsService,
    private readonly uow: UnitOfWork,
  ) {}

  async join(viewer: Viewer, federationId: string, organizationId: string): Promise<Organization[]> {
    const federation = await this.organizations.get(federationId);
    const member = await this.organizations.get(organizationId);
    if (federation.kind !== 'FEDERATION') throw new InvalidInputError('federationId', 'Organizations join federations only.', 'NOT_A_FEDERATION');
    if (member.kind === 'FEDERATION') throw new InvalidInputError('organizationId', 'A federation joins no federation.', 'INVALID');
    for (const id of [federationId, organizationId]) {
      if ((await this.organizations.membershipOf(viewer.accountId, id))?.role !== 'ADMIN') throw new ForbiddenError('Joining takes an admin of the federation who is also an admin of the organization joining (or a MEMBERSHIP proposal).');
    }
    await this.uow.run(async (tx) => {
      if (!(await this.repo.addFederationMember(tx, federationId, organizationId))) throw new ConflictError('Already a member of this federation.', { reason: 'ALREADY_MEMBER' });
    });
    return this.members(federationId);
  }

  async leave(viewer: Viewer, federationId: string, organizationId: string): Promise<Organization[]> {
    if ((await this.organizations.membershipOf(viewer.accountId, organizationId))?.role !== 'ADMIN') throw new ForbiddenError('Only an admin of the member organization takes it out.');
    await this.uow.run(async (tx) => {
      if (!(await this.repo.removeFederationMember(tx, federationId, organizationId))) throw new ConflictError('Not a member of this federation.', { reason: 'NOT_A_MEMBER' });
    });
    return this.members(federationId);
  }

  // In the order they joined.
  async members(federationId: string): Promise<Organization[]> {
    const ids = await this.repo.federationMembers(federationId);
    const byId = new Map((await this.organizations.getMany(ids)).map((o) => [o.id, o]));
    return ids.map((id) => byId.get(id)!);
  }
}
