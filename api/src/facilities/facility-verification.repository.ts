import { Injectable } from '@nestjs/common';
import { ConflictError } from '../common/errors/domain-error.js';
import { isUuid } from '../common/uuid.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { oneOf } from '../database/row-checks.js';
import { db, Sql } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';
import { VERIFICATION_LEVELS, type Attestation, type Facility, type VerificationChange } from './facilities.types.js';
import { facilities, facilityFromRaw } from './facility-rows.js';

// The verification ladder's rows: peer attestations, a facility's level, and the history of
// every change to it.
@Injectable()
export class FacilityVerificationRepository {
  constructor(private readonly sql: Sql) {}

  // Serialises changes to one facility's verification (concurrent attestations count right).
  async lockForVerification(tx: Tx, id: string): Promise<Facility | null> {
    if (!isUuid(id)) return null;
    const row = await this.sql.first(facilities().where('id', '=', id).forUpdate(), tx);
    return row ? facilityFromRaw(row) : null;
  }

  async insertAttestation(tx: Tx, a: Attestation): Promise<void> {
    try {
      await this.sql.run(
        db.insertInto('facility_attestations').values({
          facility_id: a.facilityId,
          attester_organization_id: a.attesterOrganizationId,
          attester_facility_id: a.attesterFacilityId,
          attester_account_id: a.attesterAccountId,
          statement: a.statement,
          created_at: a.createdAt,
        }),
        tx,
      );
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError('Your organization has already attested this facility.');
      throw err;
    }
  }

  async countAttestations(tx: Tx, facilityId: string): Promise<number> {
    const row = await this.sql.first(
      db
        .selectFrom('facility_attestations')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('facility_id', '=', facilityId),
      tx,
    );
    return Number(row?.n ?? 0);
  }

  async setVerificationLevel(tx: Tx, change: Omit<VerificationChange, 'at'>): Promise<void> {
    await this.sql.run(db.updateTable('facilities').set({ verification_level: change.to }).where('id', '=', change.facilityId), tx);
    await this.sql.run(
      db.insertInto('facility_verification_history').values({
        facility_id: change.facilityId,
        from_level: change.from,
        to_level: change.to,
        reason: change.reason,
        actor_account_id: change.actorAccountId,
        at: new Date(),
      }),
      tx,
    );
  }

  async attestationsOf(facilityIds: readonly string[]): Promise<Attestation[]> {
    const valid = facilityIds.filter(isUuid);
    if (!valid.length) return [];
    const rows = await this.sql.all(
      db.selectFrom('facility_attestations').selectAll().where('facility_id', 'in', valid).orderBy('created_at', 'asc'),
    );
    return rows.map((r) => ({
      facilityId: r.facility_id,
      attesterOrganizationId: r.attester_organization_id,
      attesterFacilityId: r.attester_facility_id,
      attesterAccountId: r.attester_account_id,
      statement: r.statement,
      createdAt: r.created_at,
    }));
  }

  async verificationHistoryOf(facilityIds: readonly string[]): Promise<VerificationChange[]> {
    const valid = facilityIds.filter(isUuid);
    if (!valid.length) return [];
    const rows = await this.sql.all(
      db.selectFrom('facility_verification_history').selectAll().where('facility_id', 'in', valid).orderBy('id', 'asc'),
    );
    return rows.map((r) => ({
      facilityId: r.facility_id,
      from: oneOf(VERIFICATION_LEVELS, r.from_level, 'facility_verification_history.from_level'),
      to: oneOf(VERIFICATION_LEVELS, r.to_level, 'facility_verification_history.to_level'),
      reason: r.reason,
      actorAccountId: r.actor_account_id,
      at: r.at,
    }));
  }
}
