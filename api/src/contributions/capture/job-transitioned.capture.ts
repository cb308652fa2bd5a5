import { subjectOfJob } from '../contributions.types.js';
import type { AgentRef, CaptureRule, RecordDraft } from './capture-rule.js';
import { hoursString } from './capture-rule.js';

// The steps of a job that are contributions, by the facility's organization: `work` (claim),
// `produce` (READY, with hours and the QC evidence), `transfer` (delivery to the requester); and
// `accept` by the requester. Other steps (production start, cancellation, expiry) give none.
export const jobTransitioned: CaptureRule<'production.job.transitioned'> = {
  event: 'production.job.transitioned',
  drafts: ({ payload: p }, { occurredAt, source }): RecordDraft[] => {
    const job = subjectOfJob(p.jobId);
    const common = { subject: job, jobId: p.jobId, designVersionCid: p.designVersionCid, occurredAt };
    if (!p.organizationId) return [];
    const facilityOrg: AgentRef = { kind: 'organization', id: p.organizationId };
    switch (p.to) {
      case 'CLAIMED':
        return [
          {
            ...common,
            source: source(0),
            action: 'work',
            provider: facilityOrg,
            providerAccountId: p.actorId,
            providerOrganizationId: p.organizationId,
            inputOf: job,
            note: `claimed ${p.lineKey} (${p.quantity} × ${p.role.toLowerCase()})`,
            evidenceCids: [],
          },
        ];
      case 'READY':
        return [
          {
            ...common,
            source: source(0),
            action: 'produce',
            provider: facilityOrg,
            providerAccountId: p.actorId,
            providerOrganizationId: p.organizationId,
            outputOf: job,
            effortHours: hoursString(p.estimatedHours),
            note: `made ${p.quantity} × ${p.lineKey}, quality checked`,
            evidenceCids: p.evidenceCids,
          },
        ];
      case 'DELIVERED':
        return [
          {
            ...common,
            source: source(0),
            action: 'transfer',
            provider: facilityOrg,
            providerAccountId: p.actorId,
            providerOrganizationId: p.organizationId,
            receiver: { kind: 'account', id: p.requesterId },
            note: `delivered ${p.quantity} × ${p.lineKey}`,
            evidenceCids: [],
          },
        ];
      case 'ACCEPTED':
        return [
          {
            ...common,
            source: source(0),
            action: 'accept',
            provider: { kind: 'account', id: p.requesterId },
            providerAccountId: p.requesterId,
            providerOrganizationId: null,
            receiver: facilityOrg,
            note: `accepted ${p.quantity} × ${p.lineKey}`,
            evidenceCids: [],
          },
        ];
      default:
        return [];
    }
  },
};
