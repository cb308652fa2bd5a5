import type { ContributionRecord } from './contributions.types.js';
import { ContributionRecordModel } from './models/contribution.models.js';

export function toContributionModel(r: ContributionRecord): ContributionRecordModel {
  return {
    id: r.id,
    cid: r.id,
    payloadCid: r.payloadCid,
    action: r.action,
    agentDid: r.providerDid,
    receiverDid: r.receiverDid,
    subject: r.subject,
    designId: r.designId,
    designVersionCid: r.designVersionCid,
    jobId: r.jobId,
    organizationId: r.providerOrganizationId,
    effortHours: r.effortHours,
    note: r.note,
    evidenceCids: r.evidenceCids,
    occurredAt: r.occurredAt,
    previous: r.previousId,
    signers: r.signers,
    status: r.status,
    recordedAt: r.createdAt,
    ceramicStreamId: r.ceramicStreamId,
    batchId: r.batchId,
    merklePath: r.merklePath,
    proofCid: r.proofCid,
    validationState: r.validation,
    validationsRequired: r.validationsRequired,
  };
}
