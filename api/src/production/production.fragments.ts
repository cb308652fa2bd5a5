import type { SqlFragment, SqlParams } from '../database/sql-fragment.js';
import { allowedFrom, jobTransitionedEvent } from './job-lifecycle.js';
import type { SettlingJob } from './production.types.js';

// Statement parts over production's tables (see database/sql-fragment.ts).

// Settlement moves the job to SETTLED, when `when` holds, from whichever status the lifecycle lets
// the platform settle (job-lifecycle.ts; a job in any other status is left as it is), with its
// history row and its production.job.transitioned event. `name` yields (id, from_status) of a job
// it moved.
export function settleJob(p: SqlParams, name: string, when: string, s: SettlingJob): SqlFragment {
  const event = jobTransitionedEvent(s.job, {
    from: 'ACCEPTED', // replaced by the status the job actually left
    to: 'SETTLED',
    actorId: null,
    facilityId: s.facilityId,
    organizationId: s.facilityOrganizationId,
    requesterId: s.requesterId,
    designVersionCid: s.designVersionCid,
    evidenceCids: [],
  });
  return {
    ctes: [
      `${name} AS (
         UPDATE production_jobs j SET status = 'SETTLED', updated_at = now()
           FROM (SELECT id, status FROM production_jobs WHERE id = ${p.add(s.job.id, 'uuid')} AND status = ANY(${p.add(allowedFrom('SETTLED', 'SYSTEM'), 'text[]')}) AND ${when} FOR UPDATE) f
          WHERE j.id = f.id
         RETURNING j.id, f.status AS from_status
       )`,
      `${name}_history AS (
         INSERT INTO production_job_history (job_id, from_status, to_status, actor_account_id, facility_id, evidence_cids, note, at)
         SELECT id, from_status, 'SETTLED', NULL, ${p.add(s.facilityId, 'uuid')}, '{}', ${p.add(s.note, 'text')}, now() FROM ${name}
         RETURNING 1
       )`,
    ],
    events: `SELECT ${p.add(event.type, 'text')}, ${p.add(event.aggregateType, 'text')}, id::text, ${p.add(JSON.stringify(event.payload), 'jsonb')} || jsonb_build_object('from', from_status), 1::bigint FROM ${name}`,
  };
}
