import { PROCESSES } from '../../designs/process-taxonomy.js';
import { subjectOfCommitment, subjectOfJob } from '../contributions.types.js';
import type { CaptureRule, RecordDraft } from './capture-rule.js';

// Machine-hours one co-op lent another for a job, once the job is made: a `work` record by the
// lending co-op (acted for by the member who offered the hours) into the job, received by the
// borrowing co-op, with the lent hours as its effort. The job's fabrication share is split by
// effort among the job's work records, so the lender is paid for its hours like the maker.
export const subcontractFulfilled: CaptureRule<'lending.subcontract-fulfilled'> = {
  event: 'lending.subcontract-fulfilled',
  drafts: ({ payload: p }, { occurredAt, source }): RecordDraft[] => {
    const job = subjectOfJob(p.jobId);
    return [
      {
        source: source(0),
        action: 'work',
        provider: { kind: 'organization', id: p.lenderOrganizationId },
        providerAccountId: p.offeredBy,
        providerOrganizationId: p.lenderOrganizationId,
        receiver: { kind: 'organization', id: p.borrowerOrganizationId },
        subject: job,
        jobId: p.jobId,
        designVersionCid: p.designVersionCid,
        inputOf: job,
        effortHours: p.hours,
        note: `lent ${p.hours} machine-hours of ${PROCESSES.find((x) => x.code === p.process)?.label ?? p.process} (fulfils ${subjectOfCommitment(p.subcontractId)})`,
        occurredAt,
        evidenceCids: [],
      },
    ];
  },
};
