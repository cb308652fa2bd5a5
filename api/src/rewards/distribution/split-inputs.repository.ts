import { Injectable } from '@nestjs/common';
import { sql as raw } from 'kysely';
import { subjectOfJob } from '../../contributions/contributions.types.js';
import { db, prepared, Sql } from '../../database/sql.js';
import { toSnapshot, type DistributionSnapshot, type SnapshotRow } from './distribution-snapshot.js';

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
  constructor(private readonly sql: Sql) {}

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
    const rows = await this.sql.all(
      db
        .selectFrom('contribution_records as r')
        .select((eb) => [
          'r.id',
          'r.validation',
          'r.validations_required',
          raw<boolean | null>`(r.job_id = ${jobId} OR r.job_id IS NULL)`.as('in_scope'),
          eb.selectFrom('anchor_batches as b').select('b.anchored_at').whereRef('b.id', '=', 'r.batch_id').as('anchored_at'),
        ])
        .where((eb) => eb.or([eb('r.job_id', '=', jobId), eb('r.design_id', '=', designId)]))
        .where('r.created_at', '<=', asOf)
        .where('r.source', 'not like', 'payout:%')
        .orderBy('r.seq'),
    );
    return rows.map((r) => ({
      id: r.id,
      inScope: r.in_scope === true,
      captured: r.validation === 'NOT_REQUIRED',
      validationsRequired: Number(r.validations_required),
      anchored: !!r.anchored_at && new Date(r.anchored_at) <= asOf,
    }));
  }

  // Every peer's latest answer on these records, with the validator's DID and the signed record of
  // the answer, in the order they were given.
  async validationsOf(
    recordIds: readonly string[],
  ): Promise<Array<{ recordId: string; did: string; approve: boolean; at: Date; answerRecordId: string | null }>> {
    if (!recordIds.length) return [];
    const rows = await this.sql.all(
      db
        .selectFrom('contribution_validations as v')
        .innerJoin('accounts as a', 'a.id', 'v.account_id')
        .select(['v.record_id', 'a.did', 'v.approve', 'v.at', 'v.answer_record_id'])
        .where('v.record_id', '=', raw<string>`ANY(${[...recordIds]})`)
        .orderBy('v.at')
        .orderBy('a.did'),
    );
    return rows.map((r) => ({
      recordId: r.record_id,
      did: r.did,
      approve: r.approve,
      at: new Date(r.at),
      answerRecordId: r.answer_record_id ?? null,
    }));
  }

  // The record that published a version (its signed payload names the designer).
  async publicationOf(versionCid: string): Promise<string | null> {
    const row = await this.sql.first(
      db
        .selectFrom('contribution_records')
        .select('id')
        .where('design_version_cid', '=', versionCid)
        .where('action', '=', 'produce')
        .where('job_id', 'is', null)
        .orderBy('seq')
        .limit(1),
    );
    return row?.id ?? null;
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
    // Prepared: it runs once per distribution, and planning it costs as much as running it.
    const row = await this.sql.first(
      prepared(raw<SnapshotRow>`WITH RECURSIVE
       s AS (SELECT * FROM settlements WHERE id = ${settlementId}),
       j AS (SELECT j.* FROM production_jobs j JOIN s ON j.id = s.job_id),
       rq AS (SELECT rq.id, rq.requester_account_id, rq.design_version_id FROM production_requests rq JOIN j ON rq.id = j.request_id),
       v AS (SELECT dv.id, dv.cid, dv.design_id FROM design_versions dv JOIN rq ON dv.id = rq.design_version_id),
       pol AS (SELECT rp.spec FROM reward_policies rp JOIN s ON rp.organization_id = s.organization_id AND rp.version = s.policy_version),
       clock AS MATERIALIZED (SELECT clock_timestamp() AS as_of),
       up(id, depth) AS (
         SELECT v.id, 0 FROM v
         UNION
         SELECT p.parent_id, up.depth + 1 FROM design_version_parents p JOIN up ON p.version_id = up.id
          WHERE up.depth < coalesce((SELECT (spec->'lineage'->>'maxDepth')::int FROM pol), ${o.defaultDepth})
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
           WHERE e.aggregate_id = ANY(ARRAY[s.job_id::text] || ARRAY(SELECT DISTINCT design_id::text FROM lin)) AND e.type = ANY(${[...o.capturedEvents]}) AND e.occurred_at <= s.created_at
             AND NOT EXISTS (SELECT 1 FROM processed_events p WHERE p.event_id = e.id AND p.handler = ${o.captureHandler})) AS waiting,
         (SELECT coalesce(json_object_agg(de.provider_did, de.hours::text), '{}') FROM design_effort de, v WHERE de.design_id = v.design_id) AS effort,
         (SELECT coalesce(json_object_agg(t.recipient_did, t.paid_minor::text), '{}') FROM design_payout_totals t, v WHERE t.design_id = v.design_id AND t.currency = s.currency) AS totals,
         (SELECT json_build_object('id', c.id, 'chainId', c.chain_id) FROM contribution_records c WHERE c.subject = ${subjectOfJob('')}::text || s.job_id ORDER BY c.seq DESC LIMIT 1) AS latest
       FROM s`),
    );
    return row ? toSnapshot(row) : null;
  }
}
