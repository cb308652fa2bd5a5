import { Injectable } from '@nestjs/common';
import { isUuid } from '../common/uuid.js';
import { db, Sql } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';
import { OFFER_COLUMNS, toJob, toOffer } from './production.rows.js';
import type { JobOffer, ProductionJob } from './production.types.js';

// Offers: the facilities each job was offered to, ranked, with the reasons they matched.
@Injectable()
export class JobOffersRepository {
  constructor(private readonly sql: Sql) {}

  async insert(tx: Tx, offers: readonly JobOffer[], createdAt: Date): Promise<void> {
    if (!offers.length) return;
    await this.sql.run(
      db.insertInto('production_offers').values(
        offers.map((o) => ({
          job_id: o.jobId,
          facility_id: o.facilityId,
          rank: o.rank,
          score: o.score,
          distance_km: o.distanceKm,
          load: o.load,
          reasons: o.reasons,
          created_at: createdAt,
        })),
      ),
      tx,
    );
  }

  async hasOffer(tx: Tx, jobId: string, facilityId: string): Promise<boolean> {
    const query = db.selectFrom('production_offers').select('job_id').where('job_id', '=', jobId).where('facility_id', '=', facilityId);
    return (await this.sql.first(query, tx)) !== null;
  }

  // Best ranked first.
  async offersOf(jobIds: readonly string[]): Promise<JobOffer[]> {
    const valid = jobIds.filter(isUuid);
    if (!valid.length) return [];
    const query = db.selectFrom('production_offers').select(OFFER_COLUMNS).where('job_id', 'in', valid).orderBy('rank', 'asc');
    return (await this.sql.all(query)).map(toOffer);
  }

  // Open jobs offered to a facility, newest first (its job board).
  async openOffersFor(facilityId: string, limit: number): Promise<Array<{ job: ProductionJob; offer: JobOffer }>> {
    if (!isUuid(facilityId)) return [];
    const query = db
      .selectFrom('production_offers as o')
      .innerJoin('production_jobs as j', 'j.id', 'o.job_id')
      .selectAll('j')
      .select(['o.rank', 'o.score', 'o.distance_km', 'o.load', 'o.reasons'])
      .where('o.facility_id', '=', facilityId)
      .where('j.status', '=', 'OPEN')
      .orderBy('o.created_at', 'desc')
      .orderBy('o.job_id')
      .limit(limit);
    return (await this.sql.all(query)).map((r) => ({ job: toJob(r), offer: toOffer({ ...r, job_id: r.id, facility_id: facilityId }) }));
  }
}
