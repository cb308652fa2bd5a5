import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { isUuid } from '../common/uuid.js';
import { managerOf, returnedRows, type Tx } from '../database/transaction.js';
import type { Requirement } from '../matching/requirements.js';
import { JobHistoryEntity, ProductionJobEntity, ProductionOfferEntity, ProductionRequestEntity } from './production.entity.js';
import type { JobOffer, JobRole, JobStatus, JobTransition, ProductionJob, ProductionRequest } from './production.types.js';

function toRequest(r: ProductionRequestEntity): ProductionRequest {
  return {
    id: r.id,
    requesterAccountId: r.requesterAccountId,
    requesterOrganizationId: r.requesterOrganizationId,
    designVersionId: r.designVersionId,
    quantity: r.quantity,
    location: { lat: r.lat, lon: r.lon },
    address: r.address,
    radiusKm: r.radiusKm,
    dueDate: r.dueDate,
    budget: r.budgetMinor === null ? null : { amountMinor: BigInt(r.budgetMinor), currency: r.budgetCurrency! },
    split: r.split,
    note: r.note,
    cancelledAt: r.cancelledAt,
    createdAt: r.createdAt,
  };
}

function toJob(r: ProductionJobEntity): ProductionJob {
  return {
    id: r.id,
    requestId: r.requestId,
    lineKey: r.lineKey,
    role: r.role as JobRole,
    label: r.label,
    requirement: (r.requirement as Requirement | null) ?? null,
    quantity: r.quantity,
    estimatedHours: Number(r.estimatedHours),
    status: r.status as JobStatus,
    proposedFacilityId: r.proposedFacilityId,
    facilityId: r.facilityId,
    claimedBy: r.claimedBy,
    claimedAt: r.claimedAt,
    claimExpiresAt: r.claimExpiresAt,
    claimSeq: r.claimSeq,
    evidenceCids: r.evidenceCids,
    updatedAt: r.updatedAt,
  };
}

// Raw rows of RETURNING * are snake_case; map them through the entity's shape.
function jobFromRaw(r: Record<string, unknown>): ProductionJob {
  return toJob({
    id: r.id,
    requestId: r.request_id,
    lineKey: r.line_key,
    role: r.role,
    label: r.label,
    requirement: r.requirement,
    quantity: r.quantity,
    estimatedHours: r.estimated_hours,
    status: r.status,
    proposedFacilityId: r.proposed_facility_id,
    facilityId: r.facility_id,
    claimedBy: r.claimed_by,
    claimedAt: r.claimed_at === null ? null : new Date(r.claimed_at as string),
    claimExpiresAt: r.claim_expires_at === null ? null : new Date(r.claim_expires_at as string),
    claimSeq: r.claim_seq,
    evidenceCids: r.evidence_cids,
    updatedAt: new Date(r.updated_at as string),
  } as ProductionJobEntity);
}

@Injectable()
export class ProductionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertRequest(tx: Tx, request: ProductionRequest, jobs: ProductionJob[], offers: JobOffer[]): Promise<void> {
    const m = managerOf(this.dataSource, tx);
    const { location, budget, ...fields } = request;
    await m.insert(ProductionRequestEntity, {
      ...fields,
      lat: location.lat,
      lon: location.lon,
      budgetMinor: budget ? budget.amountMinor.toString() : null,
      budgetCurrency: budget?.currency ?? null,
    });
    await m.insert(
      ProductionJobEntity,
      jobs.map((j) => ({ ...j, requirement: j.requirement as object | null, estimatedHours: String(j.estimatedHours) })),
    );
    if (offers.length)
      await m.insert(
        ProductionOfferEntity,
        offers.map((o) => ({ ...o, createdAt: request.createdAt })),
      );
  }

  async findRequest(id: string, tx?: Tx): Promise<ProductionRequest | null> {
    if (!isUuid(id)) return null;
    const row = await managerOf(this.dataSource, tx).findOneBy(ProductionRequestEntity, { id });
    return row ? toRequest(row) : null;
  }

  async findRequests(ids: readonly string[]): Promise<ProductionRequest[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? (await this.dataSource.manager.findBy(ProductionRequestEntity, { id: In(valid) })).map(toRequest) : [];
  }

  async requestsOf(accountId: string, limit: number): Promise<ProductionRequest[]> {
    const rows = await this.dataSource.manager.find(ProductionRequestEntity, {
      where: { requesterAccountId: accountId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
    });
    return rows.map(toRequest);
  }

  // The account's earliest request for this design version, if any.
  async findRequestFor(requesterAccountId: string, designVersionId: string): Promise<ProductionRequest | null> {
    const row = await this.dataSource.manager.findOne(ProductionRequestEntity, {
      where: { requesterAccountId, designVersionId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return row ? toRequest(row) : null;
  }

  async findJob(id: string, tx?: Tx): Promise<ProductionJob | null> {
    if (!isUuid(id)) return null;
    const row = await managerOf(this.dataSource, tx).findOneBy(ProductionJobEntity, { id });
    return row ? toJob(row) : null;
  }

  // Claims whose window closed before `before` and that are still unstarted (their expiry job may
  // have been lost with Redis), oldest first.
  async overdueClaims(before: Date, limit: number): Promise<Array<{ jobId: string; claimSeq: number }>> {
    const rows = await this.dataSource.query(
      `SELECT id, claim_seq FROM production_jobs WHERE status = 'CLAIMED' AND claim_expires_at < $1 ORDER BY claim_expires_at LIMIT $2`,
      [before, limit],
    );
    return rows.map((r: { id: string; claim_seq: number }) => ({ jobId: r.id, claimSeq: Number(r.claim_seq) }));
  }

  async jobsOfRequests(requestIds: readonly string[], tx?: Tx): Promise<ProductionJob[]> {
    const valid = requestIds.filter(isUuid);
    if (!valid.length) return [];
    const rows = await managerOf(this.dataSource, tx).find(ProductionJobEntity, {
      where: { requestId: In(valid) },
      order: { role: 'DESC', lineKey: 'ASC' },
    });
    return rows.map(toJob);
  }

  // The claim: one conditional UPDATE. Under concurrent claims Postgres re-checks the WHERE
  // clause on the row after the first writer commits, so exactly one claimant gets the row.
  async claim(tx: Tx, a: { jobId: string; facilityId: string; accountId: string; expiresAt: Date }): Promise<ProductionJob | null> {
    const result = await managerOf(this.dataSource, tx).query(
      `UPDATE production_jobs j
          SET status = 'CLAIMED', facility_id = $2, claimed_by = $3, claimed_at = now(), claim_expires_at = $4,
              claim_seq = claim_seq + 1, updated_at = now()
        WHERE j.id = $1 AND j.status = 'OPEN'
          AND EXISTS (SELECT 1 FROM production_offers o WHERE o.job_id = j.id AND o.facility_id = $2)
        RETURNING j.*`,
      [a.jobId, a.facilityId, a.accountId, a.expiresAt],
    );
    const rows = returnedRows(result);
    return rows.length ? jobFromRaw(rows[0]!) : null;
  }

  async hasOffer(tx: Tx, jobId: string, facilityId: string): Promise<boolean> {
    return (await managerOf(this.dataSource, tx).countBy(ProductionOfferEntity, { jobId, facilityId })) > 0;
  }

  // Moves a job only if it is still in `from` (a concurrent change makes this return null).
  async transition(
    tx: Tx,
    jobId: string,
    from: JobStatus,
    to: JobStatus,
    patch: { evidenceCids?: string[]; release?: boolean; claimSeq?: number } = {},
  ): Promise<ProductionJob | null> {
    const params: unknown[] = [jobId, from, to];
    const sets = ['status = $3', 'updated_at = now()'];
    if (patch.evidenceCids) {
      params.push(patch.evidenceCids);
      sets.push(`evidence_cids = $${params.length}::text[]`);
    }
    if (patch.release) sets.push('facility_id = NULL', 'claimed_by = NULL', 'claimed_at = NULL', 'claim_expires_at = NULL');
    let guard = '';
    if (patch.claimSeq !== undefined) {
      params.push(patch.claimSeq);
      guard = `AND claim_seq = $${params.length}`;
    }
    const result = await managerOf(this.dataSource, tx).query(
      `UPDATE production_jobs SET ${sets.join(', ')} WHERE id = $1 AND status = $2 ${guard} RETURNING *`,
      params,
    );
    const rows = returnedRows(result);
    return rows.length ? jobFromRaw(rows[0]!) : null;
  }

  async markRequestCancelled(tx: Tx, requestId: string): Promise<void> {
    await managerOf(this.dataSource, tx).update(ProductionRequestEntity, { id: requestId }, { cancelledAt: new Date() });
  }

  async appendHistory(tx: Tx, t: Omit<JobTransition, 'id' | 'at'>): Promise<void> {
    await managerOf(this.dataSource, tx).insert(JobHistoryEntity, {
      jobId: t.jobId,
      fromStatus: t.from,
      toStatus: t.to,
      actorAccountId: t.actorAccountId,
      facilityId: t.facilityId,
      evidenceCids: t.evidenceCids,
      note: t.note,
      at: new Date(),
    });
  }

  async historyOf(jobIds: readonly string[]): Promise<JobTransition[]> {
    const valid = jobIds.filter(isUuid);
    if (!valid.length) return [];
    const rows = await this.dataSource.manager.find(JobHistoryEntity, { where: { jobId: In(valid) }, order: { id: 'ASC' } });
    return rows.map((r) => ({
      id: String(r.id),
      jobId: r.jobId,
      from: r.fromStatus as JobStatus,
      to: r.toStatus as JobStatus,
      actorAccountId: r.actorAccountId,
      facilityId: r.facilityId,
      evidenceCids: r.evidenceCids,
      note: r.note,
      at: r.at,
    }));
  }

  async offersOf(jobIds: readonly string[]): Promise<JobOffer[]> {
    const valid = jobIds.filter(isUuid);
    if (!valid.length) return [];
    const rows = await this.dataSource.manager.find(ProductionOfferEntity, { where: { jobId: In(valid) }, order: { rank: 'ASC' } });
    return rows.map(({ createdAt: _c, ...o }) => o);
  }

  // Open jobs offered to a facility, newest first (its job board).
  async openOffersFor(facilityId: string, limit: number): Promise<Array<{ job: ProductionJob; offer: JobOffer }>> {
    if (!isUuid(facilityId)) return [];
    const rows: Array<{ job_id: string }> = await this.dataSource.query(
      `SELECT o.job_id FROM production_offers o JOIN production_jobs j ON j.id = o.job_id
        WHERE o.facility_id = $1 AND j.status = 'OPEN'
        ORDER BY o.created_at DESC, o.job_id LIMIT $2`,
      [facilityId, limit],
    );
    const ids = rows.map((r) => r.job_id);
    if (!ids.length) return [];
    const [jobs, offers] = await Promise.all([
      this.dataSource.manager.findBy(ProductionJobEntity, { id: In(ids) }),
      this.dataSource.manager.findBy(ProductionOfferEntity, { jobId: In(ids), facilityId }),
    ]);
    const jobById = new Map(jobs.map((j) => [j.id, toJob(j)]));
    const offerById = new Map(offers.map(({ createdAt: _c, ...o }) => [o.jobId, o]));
    return ids.map((id) => ({ job: jobById.get(id)!, offer: offerById.get(id)! }));
  }

  async jobsOfFacility(facilityId: string, limit: number): Promise<ProductionJob[]> {
    if (!isUuid(facilityId)) return [];
    const rows = await this.dataSource.manager.find(ProductionJobEntity, {
      where: { facilityId },
      order: { updatedAt: 'DESC', id: 'ASC' },
      take: limit,
    });
    return rows.map(toJob);
  }

  // Hours of work each facility has claimed and not yet made (its current load).
  async committedHours(facilityIds: readonly string[]): Promise<Map<string, number>> {
    const valid = facilityIds.filter(isUuid);
    if (!valid.length) return new Map();
    const rows: Array<{ facility_id: string; hours: string }> = await this.dataSource.query(
      `SELECT facility_id, sum(estimated_hours) AS hours FROM production_jobs
        WHERE facility_id = ANY($1::uuid[]) AND status IN ('CLAIMED','IN_PRODUCTION') GROUP BY facility_id`,
      [valid],
    );
    return new Map(rows.map((r) => [r.facility_id, Number(r.hours)]));
  }
}
