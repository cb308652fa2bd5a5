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

  // The job's records and the design's records (every version), with their standing.
  async records(jobId: string, designId: string): Promise<SplitRecord[]> {
    const rows = await this.dataSource.query(
      `SELECT id, action, provider_did, effort_hours, validation, status, (job_id = $1) AS in_job
         FROM contribution_records WHERE job_id = $1 OR (design_id = $2 AND job_id IS NULL) ORDER BY seq`,
      [jobId, designId],
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
  async effortOnDesign(designId: string): Promise<Map<string, string>> {
    const rows = await this.dataSource.query(
      `SELECT provider_did, coalesce(sum(effort_hours), 0)::text AS hours FROM contribution_records
        WHERE design_id = $1 AND validation IN ('NOT_REQUIRED', 'APPROVED') GROUP BY provider_did`,
      [designId],
    );
    return new Map(rows.map((r: { provider_did: string; hours: string }) => [r.provider_did, r.hours]));
  }
}
