import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import type { Viewer } from '../common/auth/viewer.js';
import { ConflictError, InvalidInputError } from '../common/errors/domain-error.js';
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
    private readonly access: AccessService,
  ) {}

  async join(viewer: Viewer, federationId: string, organizationId: string): Promise<Organization[]> {
    const federation = await this.organizations.get(federationId);
    const member = await this.organizations.get(organizationId);
    if (federation.kind !== 'FEDERATION')
      throw new InvalidInputError('federationId', 'Organizations join federations only.', 'NOT_A_FEDERATION');
    if (member.kind === 'FEDERATION') throw new InvalidInputError('organizationId', 'A federation joins no federation.', 'INVALID');
    const subject = await this.access.subject(viewer);
    for (const org of [federation, member]) this.access.assert(subject, 'organization:join-federation', org);
    await this.uow.run(async (tx) => {
      if (!(await this.repo.addFederationMember(tx, federationId, organizationId)))
        throw new ConflictError('Already a member of this federation.', { reason: 'ALREADY_MEMBER' });
    });
    return this.members(federationId);
  }

  async leave(viewer: Viewer, federationId: string, organizationId: string): Promise<Organization[]> {
    await this.access.require(viewer, 'organization:leave-federation', { id: organizationId });
    await this.uow.run(async (tx) => {
      if (!(await this.repo.removeFederationMember(tx, federationId, organizationId)))
        throw new ConflictError('Not a member of this federation.', { reason: 'NOT_A_MEMBER' });
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
