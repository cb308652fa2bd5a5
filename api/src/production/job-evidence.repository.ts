import { Injectable } from '@nestjs/common';
import { db, dbNow, Sql } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';

// The files a facility uploaded for a job it held, and when: what may count as the job's QC evidence.
@Injectable()
export class JobEvidenceRepository {
  constructor(private readonly sql: Sql) {}

  // A file uploaded again for the same job is recorded as of its latest upload (it may be for a new claim).
  async record(
    tx: Tx | undefined,
    u: { jobId: string; cids: readonly string[]; organizationId: string; accountId: string },
  ): Promise<void> {
    const cids = [...new Set(u.cids)];
    if (!cids.length) return;
    await this.sql.run(
      db
        .insertInto('job_evidence_uploads')
        .values(cids.map((cid) => ({ job_id: u.jobId, cid, organization_id: u.organizationId, account_id: u.accountId })))
        .onConflict((oc) =>
          oc.columns(['job_id', 'cid']).doUpdateSet((eb) => ({
            organization_id: eb.ref('excluded.organization_id'),
            account_id: eb.ref('excluded.account_id'),
            uploaded_at: dbNow(),
          })),
        ),
      tx,
    );
  }

  // Of these CIDs, those the organization uploaded for the job at or after `since`.
  async uploadedFor(jobId: string, organizationId: string, since: Date, cids: readonly string[]): Promise<Set<string>> {
    if (!cids.length) return new Set();
    const rows = await this.sql.all(
      db
        .selectFrom('job_evidence_uploads')
        .select('cid')
        .where('job_id', '=', jobId)
        .where('organization_id', '=', organizationId)
        .where('uploaded_at', '>=', since)
        .where('cid', 'in', [...cids]),
    );
    return new Set(rows.map((r) => r.cid));
  }
}
