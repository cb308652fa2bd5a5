import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { subjectOfJob } from '../../contributions/contributions.types.js';
import type { ContributionAction } from '../../contributions/record-codec.js';
import type { LineageNode, SplitRecord } from './split.js';
import type { Settlement, SettlementStatus } from '../rewards.types.js';

// A read model: what a split needs, read across other modules' tables before the distribution's
// commit (the split is computed from this snapshot, which the payouts then name record by record).
// It reads, never writes: settlements, reward_policies, design_effort, design_payout_totals
// (rewards); production_jobs, production_requests (production); design_versions,
// design_version_parents (designs); facilities; accounts, organizations (identity);
// contribution_records, contribution_validations (contributions); anchor_batches (anchoring);
// outbox_events, processed_events (outbox).
// Why one hand-written statement rather than the owners' read fragments, unlike the commit: the
// snapshot must be one consistent read in one round trip (the distribution's inputs and the moment
// they were read, which recomputation replays), and the recursive lineage, the records in scope and
// the waiting events are joined inside it; reads enforce no owner's rules, so nothing is bypassed.
// If a column read here changes, the owner's change shows in the split and distribution tests.
@Injectable()
export class SplitInputsRepository {
  constructor(private readonly dataSource: DataSource) {}

  // For recomputation: the records in scope as of a time, with their anchors dated up to that time.
  // Their content comes from their signed blocks, and their validation from the signed answers
  // (validationsOf), not from here. Every record of the design (any job) or of the job; `inScope`
  // marks those the split pays for (the job's, and the design's own), the others count only
  // towards the caps' effort basis.
  async standingAsOf(
    jobId: string,
    designId: string,
    asOf: Date,
  ): Promise<Array<{ id: string; captured: boolean; validationsRequired: number; anchored: boolean; inScope: boolean }>> {
    const rows = await this.dataSource.query(
      `SELECT r.id, r.validation, r.validations_required, (r.job_id = $1 OR r.job_id IS NULL) AS in_scope,
              (SELECT b.anchored_at FROM anchor_batches b WHERE b.id = r.batch_id) AS anchored_at
         FROM contribution_records r
        WHERE (r.job_id = $1 OR r.design_id = $2) AND r.created_at <= $3 AND r.source NOT LIKE 'payout:%'
        ORDER BY r.seq`,
      [jobId, designId, asOf],
    );
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id as string,
      inScope: !!r.in_scope,
      captured: r.validation === 'NOT_REQUIRED',
      validationsRequired: Number(r.validations_required),
      anchored: !!r.anchored_at && new Date(r.anchored_at as string) <= asOf,
    }));
  }

  // Every peer's latest answer on these records, with the validator's DID and the signed record of
  // the answer, in the order they were given.
  async validationsOf(
    recordIds: readonly string[],
  ): Promise<Array<{ recordId: string; did: string; approve: boolean; at: Date; answerRecordId: string | null }>> {
    if (!recordIds.length) return [];
    const rows = await this.dataSource.query(
      'SELECT v.record_id, a.did, v.approve, v.at, v.answer_record_id FROM contribution_validations v JOIN accounts a ON a.id = v.account_id WHERE v.record_id = ANY($1) ORDER BY v.at, a.did',
      [recordIds],
    );
    return rows.map((r: Record<string, unknown>) => ({
      recordId: r.record_id as string,
      did: r.did as string,
      approve: r.approve as boolean,
      at: new Date(r.at as string),
      answerRecordId: (r.answer_record_id as string | null) ?? null,
    }));
  }

  // The record that published a version (its signed payload names the designer).
  async publicationOf(versionCid: string): Promise<string | null> {
    const rows = await this.dataSource.query(
      `SELECT id FROM contribution_records WHERE design_version_cid = $1 AND action = 'produce' AND job_id IS NULL ORDER BY seq LIMIT 1`,
      [versionCid],
    );
    return rows[0]?.id ?? null;
  }

  // Everything one distribution reads, in one statement (one snapshot, one round trip): the
  // settlement, its job, request and design version, the policy spec, the records in scope with
  // their validators, the lineage up to the policy's depth, events of the job and lineage still
  // waiting to become records, effort on the design (the caps' basis), the caps' running totals,
  // the job's latest record (the payout chain links to it), the DIDs of payer and co-op, and the
  // moment it was read. Null when there is no such settlement.
  async snapshot(
    settlementId: string,
    o: { defaultDepth: number; capturedEvents: readonly string[]; captureHandler: string },
  ): Promise<DistributionSnapshot | null> {
    const rows = await this.dataSource.query(
      `WITH RECURSIVE
       s AS (SELECT * FROM settlements WHERE id = $1),
       j AS (SELECT j.* FROM production_jobs j JOIN s ON j.id = s.job_id),
       rq AS (SELECT rq.id, rq.requester_account_id, rq.design_version_id FROM production_requests rq JOIN j ON rq.id = j.request_id),
       v AS (SELECT dv.id, dv.cid, dv.design_id FROM design_versions dv JOIN rq ON dv.id = rq.design_version_id),
       pol AS (SELECT rp.spec FROM reward_policies rp JOIN s ON rp.organization_id = s.organization_id AND rp.version = s.policy_version),
       clock AS MATERIALIZED (SELECT clock_timestamp() AS as_of),
       up(id, depth) AS (
         SELECT v.id, 0 FROM v
         UNION
         SELECT p.parent_id, up.depth + 1 FROM design_version_parents p JOIN up ON p.version_id = up.id
          WHERE up.depth < coalesce((SELECT (spec->'lineage'->>'maxDepth')::int FROM pol), $2)
       ),
       lin AS (
         SELECT lv.id, lv.cid, lv.design_id, a.did,
                coalesce((SELECT json_agg(json_build_object('cid', pv.cid, 'shareBps', p.share_bps) ORDER BY pv.cid)
                            FROM design_version_parents p JOIN design_versions pv ON pv.id = p.parent_id WHERE p.version_id = lv.id), '[]') AS parents
           FROM (SELECT DISTINCT id FROM up) u JOIN design_versions lv ON lv.id = u.id JOIN accounts a ON a.id = lv.published_by
       ),
       recs AS (
         SELECT c.id, c.action, c.provider_did, c.effort_hours, c.validation, c.status, (c.job_id = s.job_id) AS in_job, c.seq
           FROM contribution_records c, s, v, clock
          WHERE (c.job_id = s.job_id OR (c.design_id = v.design_id AND c.job_id IS NULL)) AND c.created_at <= clock.as_of AND c.source NOT LIKE 'payout:%'
       )
       SELECT
         json_build_object('id', s.id, 'jobId', s.job_id, 'organizationId', s.organization_id, 'payerAccountId', s.payer_account_id, 'amountMinor', s.amount_minor::text,
                           'currency', s.currency, 'policyVersion', s.policy_version, 'status', s.status, 'createdAt', s.created_at) AS settlement,
         (SELECT json_build_object('id', j.id, 'requestId', j.request_id, 'lineKey', j.line_key, 'role', j.role, 'quantity', j.quantity, 'estimatedHours', j.estimated_hours::float8,
                                   'status', j.status, 'facilityId', j.facility_id, 'facilityOrganizationId', (SELECT organization_id FROM facilities WHERE id = j.facility_id),
                                   'claimSeq', j.claim_seq, 'claimExpiresAt', j.claim_expires_at, 'requesterId', (SELECT requester_account_id FROM rq)) FROM j) AS job,
         (SELECT json_build_object('id', v.id, 'cid', v.cid, 'designId', v.design_id) FROM v) AS version,
         (SELECT as_of FROM clock) AS as_of,
         (SELECT did FROM accounts WHERE id = s.payer_account_id) AS payer_did,
         (SELECT did FROM organizations WHERE id = s.organization_id) AS coop_did,
         (SELECT coalesce(json_agg(json_build_object('id', r.id, 'action', r.action, 'providerDid', r.provider_did, 'effortHours', r.effort_hours::text, 'validation', r.validation,
                                                     'status', r.status, 'inJob', r.in_job) ORDER BY r.seq), '[]') FROM recs r) AS records,
         (SELECT coalesce(json_agg(json_build_object('did', a.did, 'recordId', cv.record_id) ORDER BY cv.at), '[]')
            FROM contribution_validations cv JOIN accounts a ON a.id = cv.account_id WHERE cv.record_id IN (SELECT id FROM recs) AND cv.approve) AS validators,
         (SELECT coalesce(json_agg(json_build_object('id', l.id, 'cid', l.cid, 'designId', l.design_id, 'did', l.did, 'parents', l.parents)), '[]') FROM lin l) AS lineage,
         (SELECT count(*)::int FROM outbox_events e
           WHERE e.aggregate_id = ANY(ARRAY[s.job_id::text] || ARRAY(SELECT DISTINCT design_id::text FROM lin)) AND e.type = ANY($3) AND e.occurred_at <= s.created_at
             AND NOT EXISTS (SELECT 1 FROM processed_events p WHERE p.event_id = e.id AND p.handler = $4)) AS waiting,
         (SELECT coalesce(json_object_agg(de.provider_did, de.hours::text), '{}') FROM design_effort de, v WHERE de.design_id = v.design_id) AS effort,
         (SELECT coalesce(json_object_agg(t.recipient_did, t.paid_minor::text), '{}') FROM design_payout_totals t, v WHERE t.design_id = v.design_id AND t.currency = s.currency) AS totals,
         (SELECT json_build_object('id', c.id, 'chainId', c.chain_id) FROM contribution_records c WHERE c.subject = $5::text || s.job_id ORDER BY c.seq DESC LIMIT 1) AS latest
       FROM s`,
      [settlementId, o.defaultDepth, o.capturedEvents, o.captureHandler, subjectOfJob('')],
    );
    const r = rows[0];
    if (!r) return null;
    const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
    const settlement = json<Record<string, string | number>>(r.settlement);
    const job = json<Record<string, unknown>>(r.job);
    const version = json<{ id: string; cid: string; designId: string }>(r.version);
    const lineageRows = json<
      Array<{ id: string; cid: string; designId: string; did: string; parents: Array<{ cid: string; shareBps: number }> }>
    >(r.lineage);
    const nodes = new Map<string, LineageNode>();
    for (const l of lineageRows)
      nodes.set(l.cid, {
        versionCid: l.cid,
        designId: l.designId,
        designerDid: l.did,
        parents: l.parents.map((p) => ({ versionCid: p.cid, shareBps: p.shareBps })),
      });
    return {
      settlement: {
        id: settlement.id as string,
        jobId: settlement.jobId as string,
        organizationId: settlement.organizationId as string,
        payerAccountId: settlement.payerAccountId as string,
        amountMinor: BigInt(settlement.amountMinor as string),
        currency: settlement.currency as string,
        policyVersion: Number(settlement.policyVersion),
        status: settlement.status as SettlementStatus,
        createdAt: new Date(settlement.createdAt as string),
      },
      job: {
        id: job.id as string,
        requestId: job.requestId as string,
        lineKey: job.lineKey as string,
        role: job.role as string,
        quantity: Number(job.quantity),
        estimatedHours: Number(job.estimatedHours),
        status: job.status as string,
        facilityId: (job.facilityId as string | null) ?? null,
        facilityOrganizationId: (job.facilityOrganizationId as string | null) ?? null,
        claimSeq: Number(job.claimSeq),
        claimExpiresAt: job.claimExpiresAt ? new Date(job.claimExpiresAt as string).toISOString() : null,
        requesterId: job.requesterId as string,
      },
      version,
      asOf: new Date(r.as_of),
      payerDid: r.payer_did,
      coopDid: r.coop_did,
      records: json<Array<Record<string, unknown>>>(r.records).map((x) => ({
        id: x.id as string,
        action: x.action as ContributionAction,
        providerDid: x.providerDid as string,
        scope: x.inJob ? 'JOB' : 'DESIGN',
        effortHours: (x.effortHours as string | null) ?? null,
        validated: x.validation === 'NOT_REQUIRED' || x.validation === 'APPROVED',
        rejected: x.validation === 'REJECTED',
        anchored: x.status === 'ANCHORED',
      })),
      validators: json<Array<{ did: string; recordId: string }>>(r.validators),
      lineage: { root: version.cid, nodes },
      waitingEvents: Number(r.waiting),
      effortOnDesign: new Map(Object.entries(json<Record<string, string>>(r.effort))),
      totals: new Map(Object.entries(json<Record<string, string>>(r.totals)).map(([did, v]) => [did, BigInt(v)])),
      latest: r.latest === null ? null : json<{ id: string; chainId: string }>(r.latest),
    };
  }
}

export interface DistributionSnapshot {
  settlement: Pick<
    Settlement,
    'id' | 'jobId' | 'organizationId' | 'payerAccountId' | 'amountMinor' | 'currency' | 'policyVersion' | 'status' | 'createdAt'
  >;
  job: {
    id: string;
    requestId: string;
    lineKey: string;
    role: string;
    quantity: number;
    estimatedHours: number;
    status: string;
    facilityId: string | null;
    facilityOrganizationId: string | null;
    claimSeq: number;
    claimExpiresAt: string | null;
    requesterId: string;
  };
  version: { id: string; cid: string; designId: string };
  asOf: Date;
  payerDid: string;
  coopDid: string;
  records: SplitRecord[];
  validators: Array<{ did: string; recordId: string }>;
  lineage: { root: string; nodes: Map<string, LineageNode> };
  waitingEvents: number;
  effortOnDesign: Map<string, string>;
  totals: Map<string, bigint>;
  latest: { id: string; chainId: string } | null;
}
