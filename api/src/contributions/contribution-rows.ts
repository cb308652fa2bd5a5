import type { Selectable } from 'kysely';
import { oneOf } from '../database/row-checks.js';
import type { DB } from '../database/sql.js';
import { CONTRIBUTION_ACTIONS } from './record-codec.js';
import { ANCHOR_STATUSES, VALIDATION_STATES, type ContributionRecord, type ContributionValidation } from './contributions.types.js';

// The rows of this module's tables as the domain reads them.
export type RecordRow = Selectable<DB['contribution_records']>;
export type ValidationRow = Selectable<DB['contribution_validations']>;

export function toRecord(r: RecordRow): ContributionRecord {
  return {
    seq: r.seq,
    id: r.id,
    payloadCid: r.payload_cid,
    source: r.source,
    // No CHECK on action: every record is written from a ContributionAction, and signed with it.
    action: oneOf(CONTRIBUTION_ACTIONS, r.action, 'contribution_records.action'),
    providerDid: r.provider_did,
    providerAccountId: r.provider_account_id,
    providerOrganizationId: r.provider_organization_id,
    receiverDid: r.receiver_did,
    subject: r.subject,
    designId: r.design_id,
    designVersionCid: r.design_version_cid,
    jobId: r.job_id,
    effortHours: r.effort_hours,
    note: r.note,
    evidenceCids: r.evidence_cids,
    occurredAt: r.occurred_at,
    previousId: r.previous_id,
    chainId: r.chain_id,
    signers: r.signers,
    validation: oneOf(VALIDATION_STATES, r.validation, 'contribution_records.validation'),
    validationsRequired: r.validations_required,
    status: oneOf(ANCHOR_STATUSES, r.status, 'contribution_records.status'),
    batchId: r.batch_id,
    merklePath: r.merkle_path,
    proofCid: r.proof_cid,
    ceramicStreamId: r.ceramic_stream_id,
    createdAt: r.created_at,
  };
}

export const toValidation = (r: ValidationRow): ContributionValidation => ({
  recordId: r.record_id,
  accountId: r.account_id,
  approve: r.approve,
  at: r.at,
  answerRecordId: r.answer_record_id,
});
