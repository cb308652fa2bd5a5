import { Injectable } from '@nestjs/common';
import { sql, type Selectable } from 'kysely';
import { isUuid } from '../common/uuid.js';
import { db, dbNow, Sql, type DB } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';
import { SUBCONTRACT_STATUSES, type CapacityOffer, type Subcontract, type SubcontractStatus } from './lending.types.js';

type OfferRow = Selectable<DB['capacity_offers']> & { organization_id: string; committed_hours: string };
type SubcontractRow = Selectable<DB['capacity_subcontracts']> & {
  lender_facility_id: string;
  lender_organization_id: string;
  offered_by: string;
  borrower_organization_id: string;
  process: string;
};

const toOffer = (r: OfferRow): CapacityOffer => ({
  id: r.id,
  facilityId: r.facility_id,
  organizationId: r.organization_id,
  federationId: r.federation_id,
  process: r.process,
  hours: Number(r.hours),
  committedHours: Number(r.committed_hours),
  availableFrom: r.available_from,
  availableUntil: r.available_until,
  note: r.note,
  offeredBy: r.offered_by,
  offeredAt: r.offered_at,
  withdrawnAt: r.withdrawn_at,
});

function toSubcontract(r: SubcontractRow): Subcontract {
  if (!(SUBCONTRACT_STATUSES as readonly string[]).includes(r.status)) throw new Error(`capacity_subcontracts.status: ${r.status}`);
  return {
    id: r.id,
    offerId: r.offer_id,
    jobId: r.job_id,
    claimSeq: r.claim_seq,
    lenderFacilityId: r.lender_facility_id,
    lenderOrganizationId: r.lender_organization_id,
    offeredBy: r.offered_by,
    borrowerFacilityId: r.borrower_facility_id,
    borrowerOrganizationId: r.borrower_organization_id,
    process: r.process,
    hours: Number(r.hours),
    due: r.due,
    status: r.status as SubcontractStatus,
    committedBy: r.committed_by,
    committedAt: r.committed_at,
    settledAt: r.settled_at,
  };
}

// Offers with the hours subcontracts hold or used (cancelled ones hold none).
const offers = () =>
  db
    .selectFrom('capacity_offers as o')
    .innerJoin('facilities as f', 'f.id', 'o.facility_id')
    .selectAll('o')
    .select('f.organization_id')
    .select(
      sql<string>`coalesce((SELECT sum(s.hours) FROM capacity_subcontracts s WHERE s.offer_id = o.id AND s.status <> 'CANCELLED'), 0)::text`.as(
        'committed_hours',
      ),
    );

const subcontracts = () =>
  db
    .selectFrom('capacity_subcontracts as s')
    .innerJoin('capacity_offers as o', 'o.id', 's.offer_id')
    .innerJoin('facilities as lf', 'lf.id', 'o.facility_id')
    .innerJoin('facilities as bf', 'bf.id', 's.borrower_facility_id')
    .selectAll('s')
    .select(['o.facility_id as lender_facility_id', 'lf.organization_id as lender_organization_id', 'o.offered_by'])
    .select(['bf.organization_id as borrower_organization_id', 'o.process']);

@Injectable()
export class LendingRepository {
  constructor(private readonly sql: Sql) {}

  async insertOffer(tx: Tx, o: Omit<CapacityOffer, 'organizationId' | 'committedHours' | 'offeredAt' | 'withdrawnAt'>): Promise<void> {
    await this.sql.run(
      db.insertInto('capacity_offers').values({
        id: o.id,
        facility_id: o.facilityId,
        federation_id: o.federationId,
        process: o.process,
        hours: String(o.hours),
        available_from: o.availableFrom,
        available_until: o.availableUntil,
        note: o.note,
        offered_by: o.offeredBy,
      }),
      tx,
    );
  }

  async findOffer(id: string, tx?: Tx): Promise<CapacityOffer | null> {
    if (!isUuid(id)) return null;
    const row = await this.sql.first(offers().where('o.id', '=', id), tx);
    return row ? toOffer(row) : null;
  }

  // Takes the offer's row lock: subcontracts on one offer commit one after another.
  async lockOffer(tx: Tx, id: string): Promise<CapacityOffer | null> {
    const locked = await this.sql.first(db.selectFrom('capacity_offers').select('id').where('id', '=', id).forUpdate(), tx);
    return locked ? this.findOffer(id, tx) : null;
  }

  async withdraw(tx: Tx, id: string): Promise<boolean> {
    const row = await this.sql.first(
      db
        .updateTable('capacity_offers')
        .set({ withdrawn_at: dbNow() })
        .where('id', '=', id)
        .where('withdrawn_at', 'is', null)
        .returning('id'),
      tx,
    );
    return !!row;
  }

  // Offers of a federation still open at `now`, soonest ending first.
  async openOffers(federationId: string, now: Date, process?: string): Promise<CapacityOffer[]> {
    if (!isUuid(federationId)) return [];
    let q = offers().where('o.federation_id', '=', federationId).where('o.withdrawn_at', 'is', null).where('o.available_until', '>', now);
    if (process) q = q.where('o.process', '=', process);
    return (await this.sql.all(q.orderBy('o.available_until').orderBy('o.id').limit(500))).map(toOffer);
  }

  async offersOfFacility(facilityId: string): Promise<CapacityOffer[]> {
    if (!isUuid(facilityId)) return [];
    return (await this.sql.all(offers().where('o.facility_id', '=', facilityId).orderBy('o.offered_at', 'desc').limit(500))).map(toOffer);
  }

  async insertSubcontract(
    tx: Tx,
    s: Pick<Subcontract, 'id' | 'offerId' | 'jobId' | 'claimSeq' | 'borrowerFacilityId' | 'hours' | 'due' | 'committedBy'>,
  ): Promise<void> {
    await this.sql.run(
      db.insertInto('capacity_subcontracts').values({
        id: s.id,
        offer_id: s.offerId,
        job_id: s.jobId,
        claim_seq: s.claimSeq,
        borrower_facility_id: s.borrowerFacilityId,
        hours: String(s.hours),
        due: s.due,
        committed_by: s.committedBy,
      }),
      tx,
    );
  }

  async findSubcontract(id: string, tx?: Tx): Promise<Subcontract | null> {
    if (!isUuid(id)) return null;
    const row = await this.sql.first(subcontracts().where('s.id', '=', id), tx);
    return row ? toSubcontract(row) : null;
  }

  async subcontractsOfJob(jobId: string, tx?: Tx): Promise<Subcontract[]> {
    if (!isUuid(jobId)) return [];
    return (await this.sql.all(subcontracts().where('s.job_id', '=', jobId).orderBy('s.committed_at').orderBy('s.id'), tx)).map(
      toSubcontract,
    );
  }

  async subcontractsOfOffer(offerId: string): Promise<Subcontract[]> {
    if (!isUuid(offerId)) return [];
    return (await this.sql.all(subcontracts().where('s.offer_id', '=', offerId).orderBy('s.committed_at').orderBy('s.id'))).map(
      toSubcontract,
    );
  }

  // Settles a job's open commitments of one claim (or earlier): fulfilled when the job was made,
  // cancelled when it was released, expired or cancelled. Returns the ones it settled.
  async settle(tx: Tx, jobId: string, claimSeq: number, to: Exclude<SubcontractStatus, 'COMMITTED'>): Promise<Subcontract[]> {
    const ids = await this.sql.all(
      db
        .updateTable('capacity_subcontracts')
        .set({ status: to, settled_at: dbNow() })
        .where('job_id', '=', jobId)
        .where('claim_seq', '<=', claimSeq)
        .where('status', '=', 'COMMITTED')
        .returning('id'),
      tx,
    );
    if (!ids.length) return [];
    return (
      await this.sql.all(
        subcontracts()
          .where(
            's.id',
            'in',
            ids.map((r) => r.id),
          )
          .orderBy('s.committed_at')
          .orderBy('s.id'),
        tx,
      )
    ).map(toSubcontract);
  }
}
