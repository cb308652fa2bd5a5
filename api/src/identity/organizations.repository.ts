import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { ConflictError } from '../common/errors/domain-error.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { isUuid } from '../common/uuid.js';
import { managerOf, type Tx } from '../database/transaction.js';
import type { Membership, MembershipRole, Organization } from './identity.types.js';
import { MembershipEntity } from './membership.entity.js';
import { OrganizationEntity } from './organization.entity.js';

function toOrganization(row: OrganizationEntity): Organization {
  return { id: row.id, name: row.name, kind: row.kind, did: row.did, createdAt: row.createdAt };
}

function toMembership(row: MembershipEntity): Membership {
  return { id: row.id, organizationId: row.organizationId, accountId: row.accountId, role: row.role, createdAt: row.createdAt };
}

@Injectable()
export class OrganizationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(tx: Tx, org: Organization & { createdBy: string }): Promise<Organization> {
    await managerOf(this.dataSource, tx).insert(OrganizationEntity, org);
    return toOrganization(org as OrganizationEntity);
  }

  async findById(id: string, tx?: Tx): Promise<Organization | null> {
    if (!isUuid(id)) return null;
    const row = await managerOf(this.dataSource, tx).findOneBy(OrganizationEntity, { id });
    return row ? toOrganization(row) : null;
  }

  // Serialises membership changes of one organization (e.g. "never remove the last admin").
  async lockById(tx: Tx, id: string): Promise<Organization | null> {
    if (!isUuid(id)) return null;
    const row = await managerOf(this.dataSource, tx)
      .createQueryBuilder(OrganizationEntity, 'o')
      .setLock('pessimistic_write')
      .where('o.id = :id', { id })
      .getOne();
    return row ? toOrganization(row) : null;
  }

  async findByIds(ids: readonly string[]): Promise<Organization[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    return (await this.dataSource.manager.findBy(OrganizationEntity, { id: In(valid) })).map(toOrganization);
  }

  async findByDids(dids: readonly string[]): Promise<Organization[]> {
    if (dids.length === 0) return [];
    return (await this.dataSource.manager.findBy(OrganizationEntity, { did: In([...dids]) })).map(toOrganization);
  }

  async insertMembership(tx: Tx, membership: Membership): Promise<Membership> {
    try {
      await managerOf(this.dataSource, tx).insert(MembershipEntity, membership);
    } catch (err) {
      if (isUniqueViolation(err, 'memberships_org_account_key')) {
        throw new ConflictError('This account is already a member of the organization.');
      }
      throw err;
    }
    return membership;
  }

  async findMembership(organizationId: string, accountId: string, tx?: Tx): Promise<Membership | null> {
    if (!isUuid(organizationId) || !isUuid(accountId)) return null;
    const row = await managerOf(this.dataSource, tx).findOneBy(MembershipEntity, { organizationId, accountId });
    return row ? toMembership(row) : null;
  }

  async countByRole(organizationId: string, role: MembershipRole, tx?: Tx): Promise<number> {
    return managerOf(this.dataSource, tx).countBy(MembershipEntity, { organizationId, role });
  }

  async updateRole(tx: Tx, membershipId: string, role: MembershipRole): Promise<void> {
    await managerOf(this.dataSource, tx).update(MembershipEntity, { id: membershipId }, { role });
  }

  async deleteMembership(tx: Tx, membershipId: string): Promise<void> {
    await managerOf(this.dataSource, tx).delete(MembershipEntity, { id: membershipId });
  }

  async membershipsOfAccounts(accountIds: readonly string[]): Promise<Membership[]> {
    const valid = accountIds.filter(isUuid);
    if (valid.length === 0) return [];
    const rows = await this.dataSource.manager.find(MembershipEntity, {
      where: { accountId: In(valid) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map(toMembership);
  }

  async membershipsOfOrganizations(organizationIds: readonly string[]): Promise<Membership[]> {
    const valid = organizationIds.filter(isUuid);
    if (valid.length === 0) return [];
    const rows = await this.dataSource.manager.find(MembershipEntity, {
      where: { organizationId: In(valid) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map(toMembership);
  }
}
