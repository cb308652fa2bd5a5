import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ContributionAction } from '../contributions/record-codec.js';
import type { LineageNode, SplitRecord } from './split.js';

// The read model a split needs, across the contributions, designs and identity tables, read
// before the distribution's transaction (the split is computed from this snapshot, which the
// payouts then name record by record).
@Injectable()
export class SplitInputsRepository {
  constructor(private readonly dataSource: DataSource) {}

  // The database's clock: the snapshot time is compared with rows it stamped.
  async now(): Promise<Date> {
    const [{ now }] = await this.dataSource.query('SELECT clock_timestamp() AS now');
    return new Date(now);
  }

  // For recomputation: the records in scope as of a time, with their standing then (validations
  // and anchors dated up to that time). Their content comes from their signed blocks, not from here.
  // Every record of the design (any job) or of the job; `inScope` marks those the split pays for
  // (the job's, and the design's own), the others count only towards the caps' effort basis.
  async standingAsOf(jobId: string, designId: string, asOf: Date): Promise<Array<{ id: string; validated: boolean; rejected: boolean; anchored: boolean; inScope: boolean }>> {
    const rows = await this.dataSource.query(
      `SELECT r.id, r.validation, r.validations_required, (r.job_id = $1 OR r.job_id IS NULL) AS in_scope,
              (SELECT count(*) FROM contribution_validations v WHERE v.record_id = r.id AND v.approve AND v.at <= $3)::int AS approvals,
              (SELECT count(*) FROM contribution_validations v WHERE v.record_id = r.id AND NOT v.approve AND v.at <= $3)::int AS rejections,
              (SELECT b.anchored_at FROM anchor_batches b WHERE b.id = r.batch_id) AS anchored_at
         FROM contribution_records r
        WHERE (r.job_id = $1 OR r.design_id = $2) AND r.created_at <= $3 AND r.source NOT LIKE 'payout:%'
        ORDER BY r.seq`,
      [jobId, designId, asOf],
    );
    return rows.map((r: Record<string, unknown>) => {
      const captured = r.validation === 'NOT_REQUIRED';
      return {
        id: r.id as string,
        inScope: !!r.in_scope,
        validated: captured || (r.approvals as number) >= Number(r.validations_required),
        rejected: !captured && (r.rejections as number) >= Number(r.validations_required) && (r.approvals as number) < Number(r.validations_required),
        anchored: !!r.anchored_at && new Date(r.anchored_at as string) <= asOf,
      };
    });
  }

  // The record that published a version (its signed payload names the designer).
  async publicationOf(versionCid: string): Promise<string | null> {
    const rows = await this.dataSource.query(`SELECT id FROM contribution_records WHERE design_version_cid = $1 AND action = 'produce' AND job_id IS NULL ORDER BY seq LIMIT 1`, [versionCid]);
    return rows[0]?.id ?? null;
  }

  // The job's records and the design's records (every version), with their standing.
  async records(jobId: string, designId: string, asOf: Date): Promise<SplitRecord[]> {
    const rows = await this.dataSource.query(
      `SELECT id, action, provider_did, effort_hours, validation, status, (job_id = $1) AS in_job
         FROM contribution_records WHERE (job_id = $1 OR (design_id = $2 AND job_id IS NULL)) AND created_at <= $3 AND source NOT LIKE 'payout:%' ORDER BY seq`,
      [jobId, designId, asOf],
    );
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id as string,
      action: r.action as ContributionAction,
      providerDid: r.provider_did as string,
      scope: r.in_job ? 'JOB' : 'DESIGN',
      effortHours: r.effort_hours === null ? null : String(r.effort_hours),
      validated: r.validation === 'NOT_REQUIRED' || r.validation === 'APPROVED',
      rejected: r.validation === 'REJECTED',
      anchored: r.status === 'ANCHORED',
    }));
  }

  async validators(recordIds: readonly string[]): Promise<Array<{ did: string; recordId: string }>> {
    if (!recordIds.length) return [];
    const rows = await this.dataSource.query(
      'SELECT a.did, v.record_id FROM contribution_validations v JOIN accounts a ON a.id = v.account_id WHERE v.record_id = ANY($1) AND v.approve ORDER BY v.at',
      [recordIds],
    );
    return rows.map((r: { did: string; record_id: string }) => ({ did: r.did, recordId: r.record_id }));
  }

  // The version and its ancestors to `depth` generations, each with its publisher's DID and its
  // parents' declared shares.
  async lineage(versionId: string, depth: number): Promise<{ root: string; nodes: Map<string, LineageNode> }> {
    const rows = await this.dataSource.query(
      `WITH RECURSIVE up(id, depth) AS (
         SELECT $1::uuid, 0
         UNION
         SELECT p.parent_id, up.depth + 1 FROM design_version_parents p JOIN up ON p.version_id = up.id WHERE up.depth < $2
       )
       SELECT v.id, v.cid, v.design_id, a.did,
              coalesce((SELECT json_agg(json_build_object('cid', pv.cid, 'shareBps', p.share_bps) ORDER BY pv.cid)
                          FROM design_version_parents p JOIN design_versions pv ON pv.id = p.parent_id WHERE p.version_id = v.id), '[]') AS parents
         FROM (SELECT DISTINCT id FROM up) u JOIN design_versions v ON v.id = u.id JOIN accounts a ON a.id = v.published_by`,
      [versionId, depth],
    );
    const nodes = new Map<string, LineageNode>();
    let root = '';
    for (const r of rows) {
      if (r.id === versionId) root = r.cid;
      const parents = (typeof r.parents === 'string' ? JSON.parse(r.parents) : r.parents) as Array<{ cid: string; shareBps: number }>;
      nodes.set(r.cid, { versionCid: r.cid, designId: r.design_id, designerDid: r.did, parents: parents.map((p) => ({ versionCid: p.cid, shareBps: p.shareBps })) });
    }
    return { root, nodes };
  }

  // Hours each agent recorded on a design (any version, any job of it): the caps' basis.
  async effortOnDesign(designId: string, asOf: Date): Promise<Map<string, string>> {
    const rows = await this.dataSource.query(
      `SELECT provider_did, coalesce(sum(effort_hours), 0)::text AS hours FROM contribution_records
        WHERE design_id = $1 AND validation IN ('NOT_REQUIRED', 'APPROVED') AND created_at <= $2 GROUP BY provider_did`,
      [designId, asOf],
    );
    return new Map(rows.map((r: { provider_did: string; hours: string }) => [r.provider_did, r.hours]));
  }
}
