import { Injectable } from '@nestjs/common';
import { sql as raw, type Selectable } from 'kysely';
import { ConflictError } from '../common/errors/domain-error.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { isUuid } from '../common/uuid.js';
import { oneOf } from '../database/row-checks.js';
import { compiledOnce, db, Sql, type DB } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';
import { MEMBERSHIP_ROLES, ORGANIZATION_KINDS, type Membership, type MembershipRole, type Organization } from './identity.types.js';

export const ORGANIZATION_COLUMNS = ['id', 'name', 'handle', 'kind', 'did', 'created_at'] as const;
const MEMBERSHIP_COLUMNS = ['id', 'organization_id', 'account_id', 'role', 'created_at'] as const;

type OrganizationRow = Pick<Selectable<DB['organizations']>, (typeof ORGANIZATION_COLUMNS)[number]>;
type MembershipRow = Pick<Selectable<DB['memberships']>, (typeof MEMBERSHIP_COLUMNS)[number]>;

export function toOrganization(row: OrganizationRow): Organization {
  return {
    id: row.id,
    name: row.name,
    handle: row.handle,
    kind: oneOf(ORGANIZATION_KINDS, row.kind, 'organizations.kind'),
    did: row.did,
    createdAt: row.created_at,
  };
}

function toMembership(row: MembershipRow): Membership {
  return {
    id: row.id,
    organizationId: row.organization_id,
    accountId: row.account_id,
    role: oneOf(MEMBERSHIP_ROLES, row.role, 'memberships.role'),
    createdAt: row.created_at,
  };
}

const organizations = () => db.selectFrom('organizations').select(ORGANIZATION_COLUMNS);
// The loaders' batch: one text for any number of ids.
const organizationsByIds = compiledOnce(organizations().where(raw<boolean>`id = ANY(${[]}::uuid[])`));
const memberships = () => db.selectFrom('memberships').select(MEMBERSHIP_COLUMNS);

@Injectable()
export class OrganizationsRepository {
  constructor(private readonly sql: Sql) {}

  async handleTaken(handle: string, tx?: Tx): Promise<boolean> {
    return !!(await this.sql.first(db.selectFrom('organizations').select('id').where('handle', '=', handle), tx));
  }

  async findByHandle(handle: string, tx?: Tx): Promise<Organization | null> {
    const row = await this.sql.first(organizations().where('handle', '=', handle), tx);
    return row ? toOrganization(row) : null;
  }

  async insert(tx: Tx, org: Organization & { createdBy: string }): Promise<Organization> {
    await this.sql.run(
      db.insertInto('organizations').values({
        id: org.id,
        name: org.name,
        handle: org.handle,
        kind: org.kind,
        did: org.did,
        created_by: org.createdBy,
        created_at: org.createdAt,
      }),
      tx,
    );
    return { id: org.id, name: org.name, handle: org.handle, kind: org.kind, did: org.did, createdAt: org.createdAt };
  }

  async findById(id: string, tx?: Tx): Promise<Organization | null> {
    if (!isUuid(id)) return null;
    const row = await this.sql.first(organizations().where('id', '=', id), tx);
    return row ? toOrganization(row) : null;
  }

  // Serialises membership changes of one organization (e.g. "never remove the last admin").
  async lockById(tx: Tx, id: string): Promise<Organization | null> {
    if (!isUuid(id)) return null;
    const row = await this.sql.first(organizations().where('id', '=', id).forUpdate(), tx);
    return row ? toOrganization(row) : null;
  }

  async findByIds(ids: readonly string[]): Promise<Organization[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    return (await this.sql.all(organizationsByIds(valid))).map(toOrganization);
  }

  async findByDids(dids: readonly string[]): Promise<Organization[]> {
    if (dids.length === 0) return [];
    return (await this.sql.all(organizations().where('did', 'in', [...dids]))).map(toOrganization);
  }

  async findFoundedBy(accountId: string, name: string): Promise<Organization | null> {
    if (!isUuid(accountId)) return null;
    const row = await this.sql.first(organizations().where('created_by', '=', accountId).where('name', '=', name));
    return row ? toOrganization(row) : null;
  }

  async insertMembership(tx: Tx, membership: Membership): Promise<Membership> {
    try {
      await this.sql.run(
        db.insertInto('memberships').values({
          id: membership.id,
          organization_id: membership.organizationId,
          account_id: membership.accountId,
          role: membership.role,
          created_at: membership.createdAt,
        }),
        tx,
      );
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
    const row = await this.sql.first(memberships().where('organization_id', '=', organizationId).where('account_id', '=', accountId), tx);
    return row ? toMembership(row) : null;
  }

  async countByRole(organizationId: string, role: MembershipRole, tx?: Tx): Promise<number> {
    const row = await this.sql.first(
      db
        .selectFrom('memberships')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('organization_id', '=', organizationId)
        .where('role', '=', role),
      tx,
    );
    return Number(row?.n ?? 0);
  }

  async updateRole(tx: Tx, membershipId: string, role: MembershipRole): Promise<void> {
    await this.sql.run(db.updateTable('memberships').set({ role }).where('id', '=', membershipId), tx);
  }

  async deleteMembership(tx: Tx, membershipId: string): Promise<void> {
    await this.sql.run(db.deleteFrom('memberships').where('id', '=', membershipId), tx);
  }

  async membershipsOfAccounts(accountIds: readonly string[]): Promise<Membership[]> {
    const valid = accountIds.filter(isUuid);
    if (valid.length === 0) return [];
    const rows = await this.sql.all(memberships().where('account_id', 'in', valid).orderBy('created_at', 'asc').orderBy('id', 'asc'));
    return rows.map(toMembership);
  }

  async membershipsOfOrganizations(organizationIds: readonly string[]): Promise<Membership[]> {
    const valid = organizationIds.filter(isUuid);
    if (valid.length === 0) return [];
    const rows = await this.sql.all(memberships().where('organization_id', 'in', valid).orderBy('created_at', 'asc').orderBy('id', 'asc'));
    return rows.map(toMembership);
  }
}
