import type { DomainEvent } from '../../outbox/domain-events.js';
import { jobTransitioned } from './job-transitioned.capture.js';

const at = { occurredAt: new Date('2026-11-21T10:00:00.000Z'), source: (n: number) => `event:42:${n}` };
const job = (
  to: string,
  extra: Partial<DomainEvent<'production.job.transitioned'>['payload']> = {},
): DomainEvent<'production.job.transitioned'> => ({
  id: '42',
  type: 'production.job.transitioned',
  aggregateType: 'production_job',
  aggregateId: 'j1',
  occurredAt: at.occurredAt.toISOString(),
  payload: {
    jobId: 'j1',
    requestId: 'r1',
    lineKey: 'whole',
    role: 'WHOLE',
    from: 'X',
    to,
    actorId: 'a1',
    facilityId: 'f1',
    organizationId: 'o1',
    requesterId: 'req',
    designVersionCid: 'bafy',
    quantity: 2,
    estimatedHours: 2.5,
    evidenceCids: ['bafkqc'],
    claimSeq: 1,
    claimExpiresAt: null,
    ...extra,
  },
});
const drafts = (e: DomainEvent<'production.job.transitioned'>) => jobTransitioned.drafts(e, at);

describe('capture of job steps', () => {
  it('maps each job step to one record of the right agent and action', () => {
    expect(drafts(job('CLAIMED'))).toEqual([
      expect.objectContaining({
        source: 'event:42:0',
        action: 'work',
        provider: { kind: 'organization', id: 'o1' },
        providerAccountId: 'a1',
        inputOf: 'urn:cosmolocal:job:j1',
      }),
    ]);
    expect(drafts(job('READY'))).toEqual([
      expect.objectContaining({ action: 'produce', effortHours: '2.50', evidenceCids: ['bafkqc'], outputOf: 'urn:cosmolocal:job:j1' }),
    ]);
    expect(drafts(job('DELIVERED'))).toEqual([expect.objectContaining({ action: 'transfer', receiver: { kind: 'account', id: 'req' } })]);
    expect(drafts(job('ACCEPTED'))).toEqual([
      expect.objectContaining({ action: 'accept', provider: { kind: 'account', id: 'req' }, receiver: { kind: 'organization', id: 'o1' } }),
    ]);
  });

  it('gives no record for steps that are no contribution: production start, cancellation, expiry', () => {
    expect(drafts(job('IN_PRODUCTION'))).toEqual([]);
    expect(drafts(job('CANCELLED'))).toEqual([]);
    expect(drafts(job('OPEN', { organizationId: null }))).toEqual([]);
  });
});
