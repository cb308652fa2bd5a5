import type { SqlFragment, SqlParams } from '../database/sql-fragment.js';
import { eventRows } from '../outbox/outbox.fragments.js';
import { recordedEvents, type SignedChain } from './record-writer.js';

// Statement parts over contribution_records (see database/sql-fragment.ts), for a caller that
// writes a signed chain in the same statement as its own tables.

// The subject's latest record (id, chain_id): what the next record must link to.
export function latestRecordOf(p: SqlParams, name: string, subject: string): string {
  return `${name} AS (SELECT id, chain_id FROM contribution_records WHERE subject = ${p.add(subject, 'text')} ORDER BY seq DESC LIMIT 1)`;
}

// Indexes a signed chain (RecordWriter.signChain) and adds its contribution.recorded events, when
// `when` holds. The caller guards that the subject's latest record is still chain.previousId (a
// unique index on previous_id refuses a fork either way).
export function recordChainInsert(p: SqlParams, name: string, when: string, chain: SignedChain): SqlFragment {
  const rows = chain.rows;
  const col = <T>(f: (r: SignedChain['rows'][number]) => T, cast: string) => p.add(rows.map(f), cast);
  return {
    ctes: [
      `${name} AS (
         INSERT INTO contribution_records (id, payload_cid, source, action, provider_did, provider_account_id, provider_organization_id, receiver_did, subject, design_id,
                                           design_version_cid, job_id, effort_hours, note, evidence_cids, occurred_at, previous_id, chain_id, signers, validation, validations_required)
         SELECT r.id, r.payload_cid, r.source, r.action, r.provider_did, r.provider_account_id, r.provider_organization_id, r.receiver_did, r.subject, r.design_id,
                r.design_version_cid, r.job_id, r.effort_hours, r.note, string_to_array(r.evidence, ' '), r.occurred_at, r.previous_id, r.chain_id,
                string_to_array(r.signers, ' '), r.validation, r.validations_required
           FROM unnest(${col((r) => r.id, 'text[]')}, ${col((r) => r.payloadCid, 'text[]')}, ${col((r) => r.source, 'text[]')}, ${col((r) => r.action, 'text[]')},
                       ${col((r) => r.providerDid, 'text[]')}, ${col((r) => r.providerAccountId, 'uuid[]')}, ${col((r) => r.providerOrganizationId, 'uuid[]')},
                       ${col((r) => r.receiverDid, 'text[]')}, ${col((r) => r.subject, 'text[]')}, ${col((r) => r.designId, 'uuid[]')}, ${col((r) => r.designVersionCid, 'text[]')},
                       ${col((r) => r.jobId, 'uuid[]')}, ${col((r) => r.effortHours, 'numeric[]')}, ${col((r) => r.note, 'text[]')}, ${col((r) => r.evidenceCids.join(' '), 'text[]')},
                       ${col((r) => r.occurredAt, 'timestamptz[]')}, ${col((r) => r.previousId, 'text[]')}, ${col((r) => r.chainId, 'text[]')}, ${col((r) => r.signers.join(' '), 'text[]')},
                       ${col((r) => r.validation, 'text[]')}, ${col((r) => r.validationsRequired, 'int[]')}) WITH ORDINALITY
                AS r(id, payload_cid, source, action, provider_did, provider_account_id, provider_organization_id, receiver_did, subject, design_id, design_version_cid, job_id,
                     effort_hours, note, evidence, occurred_at, previous_id, chain_id, signers, validation, validations_required, n)
          WHERE ${when}
          ORDER BY r.n
         RETURNING 1
       )`,
    ],
    events: eventRows(p, recordedEvents(rows), when),
  };
}
