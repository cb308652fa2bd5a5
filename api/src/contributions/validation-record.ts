import type { ResolvedDraft } from './record-writer.js';
import type { VerifiedRecord } from './record-codec.js';
import { subjectOfRecord } from './contributions.types.js';

// A peer's answer on a hand-recorded contribution is a signed record like every other: a `vote`
// (the governance act Valueflows does not cover, never paid) by the validator, whose subject is the
// validated record and whose note is the answer. The answers on one record form its subject's chain,
// so a change of mind links the answer it replaces. Pure: the writer signs, the verifier checks.

export type ValidationAnswer = 'approve' | 'reject';

export const answerOf = (approve: boolean): ValidationAnswer => (approve ? 'approve' : 'reject');

export function validationDraft(v: {
  recordId: string;
  validatorDid: string;
  validatorAccountId: string;
  organizationDid: string;
  approve: boolean;
  at: Date;
  source: string;
}): ResolvedDraft {
  return {
    source: v.source,
    action: 'vote',
    providerDid: v.validatorDid,
    providerAccountId: v.validatorAccountId,
    providerOrganizationId: null,
    receiverDid: v.organizationDid,
    subject: subjectOfRecord(v.recordId),
    designId: null,
    designVersionCid: null,
    jobId: null,
    effortHours: null,
    note: answerOf(v.approve),
    occurredAt: v.at,
    evidenceCids: [],
    validation: 'NOT_REQUIRED',
    validationsRequired: 0,
  };
}

// What is wrong with a verified record offered as `validatorDid`'s answer on `recordId`, or null
// when it is that answer: signed by the validator, about that record, saying that.
export function answerMismatch(
  verified: VerifiedRecord,
  expected: { validatorDid: string; recordId: string; approve: boolean },
): string | null {
  const p = verified.payload;
  if (!verified.signers.includes(expected.validatorDid) || p.provider !== expected.validatorDid)
    return `signed by ${verified.signers.join(', ') || 'no one'}, not by ${expected.validatorDid}`;
  if (p.subject !== subjectOfRecord(expected.recordId)) return `about ${p.subject}, not about ${subjectOfRecord(expected.recordId)}`;
  if (p.action !== 'vote' || p.note !== answerOf(expected.approve))
    return `says ${p.action} ${JSON.stringify(p.note ?? '')}, not ${answerOf(expected.approve)}`;
  return null;
}
