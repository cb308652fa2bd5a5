import { Injectable } from '@nestjs/common';
import { isUuid } from '../common/uuid.js';
import { present } from '../database/row-checks.js';
import { db, dbNow, Sql } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';
import { ACTIVE_STATUSES } from './job-lifecycle.js';
import { toJob, toTransition } from './production.rows.js';
import type { JobStatus, JobTransition, ProductionJob } from './production.types.js';

const jobs = () => db.selectFrom('production_jobs').selectAll();

// Production jobs and their history: every status a job passed through, and who moved it.
@Injectable()
export class ProductionJobsRepository {
  constructor(private readonly sql: Sql) {}

  async insert(tx: Tx, rows: readonly ProductionJob[]): Promise<void> {
    if (!rows.length) return;
    await this.sql.run(
      db.insertInto('production_jobs').values(
        rows.map((j) => ({
          id: j.id,
          request_id: j.requestId,
          line_key: j.lineKey,
          role: j.role,
          label: j.label,
          requirement: j.requirement === null ? null : JSON.stringify(j.requirement),
          quantity: j.quantity,
          estimated_hours: String(j.estimatedHours),
          status: j.status,
          proposed_facility_id: j.proposedFacilityId,
          facility_id: j.facilityId,
          claimed_by: j.claimedBy,
          claimed_at: j.claimedAt,
          claim_expires_at: j.claimExpiresAt,
          claim_seq: j.claimSeq,
          evidence_cids: j.evidenceCids,
          updated_at: j.updatedAt,
        })),
      ),
      tx,
    );
  }

  async find(id: string, tx?: Tx): Promise<ProductionJob | null> {
    if (!isUuid(id)) return null;
    const row = await this.sql.first(jobs().where('id', '=', id), tx);
    return row ? toJob(row) : null;
  }

  // Locks a job against transitions (FOR SHARE) while it is still held by this claim.
  async lockHeld(tx: Tx, id: string, claimSeq: number): Promise<boolean> {
    const row = await this.sql.first(
      db
        .selectFrom('production_jobs')
        .select('id')
        .where('id', '=', id)
        .where('claim_seq', '=', claimSeq)
        .where('status', 'in', [...ACTIVE_STATUSES])
        .forShare(),
      tx,
    );
    return !!row;
  }

  async findMany(ids: readonly string[]): Promise<ProductionJob[]> {
    const valid = ids.filter(isUuid);
    if (!valid.length) return [];
    return (await this.sql.all(jobs().where('id', 'in', valid))).map(toJob);
  }

  // A whole job, or the parts before their assembly (role descending), each by line.
  async jobsOfRequests(requestIds: readonly string[], tx?: Tx): Promise<ProductionJob[]> {
    const valid = requestIds.filter(isUuid);
    if (!valid.length) return [];
    const query = jobs().where('request_id', 'in', valid).orderBy('role', 'desc').orderBy('line_key', 'asc');
    return (await this.sql.all(query, tx)).map(toJob);
  }

  // The jobs a facility holds or held, most recently changed first.
  async jobsOfFacility(facilityId: string, limit: number): Promise<ProductionJob[]> {
    if (!isUuid(facilityId)) return [];
    const query = jobs().where('facility_id', '=', facilityId).orderBy('updated_at', 'desc').orderBy('id', 'asc').limit(limit);
    return (await this.sql.all(query)).map(toJob);
  }

  // Claims whose window closed before `before` and that are still unstarted (their expiry job may
  // have been lost with Redis), oldest first.
  async overdueClaims(before: Date, limit: number): Promise<Array<{ jobId: string; claimSeq: number }>> {
    const query = db
      .selectFrom('production_jobs')
      .select(['id', 'claim_seq'])
      .where('status', '=', 'CLAIMED')
      .where('claim_expires_at', '<', before)
      .orderBy('claim_expires_at')
      .limit(limit);
    return (await this.sql.all(query)).map((r) => ({ jobId: r.id, claimSeq: r.claim_seq }));
  }

  // The claim: one conditional UPDATE. Under concurrent claims Postgres re-checks the WHERE
  // clause on the row after the first writer commits, so exactly one claimant gets the row.
  async claim(tx: Tx, a: { jobId: string; facilityId: string; accountId: string; expiresAt: Date }): Promise<ProductionJob | null> {
    const query = db
      .updateTable('production_jobs as j')
      .set((eb) => ({
        status: 'CLAIMED',
        facility_id: a.facilityId,
        claimed_by: a.accountId,
        claimed_at: dbNow(),
        claim_expires_at: a.expiresAt,
        claim_seq: eb('j.claim_seq', '+', 1),
        updated_at: dbNow(),
      }))
      .where('j.id', '=', a.jobId)
      .where('j.status', '=', 'OPEN')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('production_offers as o')
            .select(eb.lit(1).as('one'))
            .whereRef('o.job_id', '=', 'j.id')
            .where('o.facility_id', '=', a.facilityId),
        ),
      )
      .returningAll();
    const row = await this.sql.first(query, tx);
    return row ? toJob(row) : null;
  }

  // Moves a job only if it is still in `from` (a concurrent change makes this return null).
  async transition(
    tx: Tx,
    jobId: string,
    from: JobStatus,
    to: JobStatus,
    patch: { evidenceCids?: string[]; release?: boolean; claimSeq?: number } = {},
  ): Promise<ProductionJob | null> {
    let query = db
      .updateTable('production_jobs')
      .set({ status: to, updated_at: dbNow() })
      .where('id', '=', jobId)
      .where('status', '=', from);
    if (patch.evidenceCids) query = query.set({ evidence_cids: patch.evidenceCids });
    // The first delivery, acceptance and dispute are kept: the facility's reliability counts them.
    if (to === 'DELIVERED') query = query.set((eb) => ({ delivered_at: eb.fn.coalesce('delivered_at', dbNow()) }));
    if (to === 'ACCEPTED') query = query.set((eb) => ({ accepted_at: eb.fn.coalesce('accepted_at', dbNow()) }));
    if (to === 'DISPUTED') query = query.set((eb) => ({ disputed_at: eb.fn.coalesce('disputed_at', dbNow()) }));
    if (patch.release) query = query.set({ facility_id: null, claimed_by: null, claimed_at: null, claim_expires_at: null });
    if (patch.claimSeq !== undefined) query = query.where('claim_seq', '=', patch.claimSeq);
    const row = await this.sql.first(query.returningAll(), tx);
    return row ? toJob(row) : null;
  }

  // Hours of work each facility has claimed and not yet made (its current load).
  async committedHours(facilityIds: readonly string[]): Promise<Map<string, number>> {
    const valid = facilityIds.filter(isUuid);
    if (!valid.length) return new Map();
    const query = db
      .selectFrom('production_jobs')
      .select((eb) => ['facility_id', eb.fn.sum<string>('estimated_hours').as('hours')])
      .where('facility_id', 'in', valid)
      .where('status', 'in', ACTIVE_STATUSES)
      .groupBy('facility_id');
    const rows = await this.sql.all(query);
    return new Map(rows.map((r) => [present(r.facility_id, 'production_jobs.facility_id'), Number(r.hours)]));
  }

  async appendHistory(tx: Tx, t: Omit<JobTransition, 'id' | 'at'>): Promise<void> {
    await this.sql.run(
      db.insertInto('production_job_history').values({
        job_id: t.jobId,
        from_status: t.from,
        to_status: t.to,
        actor_account_id: t.actorAccountId,
        facility_id: t.facilityId,
        evidence_cids: t.evidenceCids,
        note: t.note,
        at: new Date(),
      }),
      tx,
    );
  }

  // In the order the transitions happened.
  async historyOf(jobIds: readonly string[]): Promise<JobTransition[]> {
    const valid = jobIds.filter(isUuid);
    if (!valid.length) return [];
    const query = db.selectFrom('production_job_history').selectAll().where('job_id', 'in', valid).orderBy('id', 'asc');
    return (await this.sql.all(query)).map(toTransition);
  }
}
