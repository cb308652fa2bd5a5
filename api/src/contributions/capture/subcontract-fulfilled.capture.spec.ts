import type { DomainEvent } from '../../outbox/domain-events.js';
import { draftsFromEvent } from '../capture-rules.js';
import { subcontractFulfilled } from './subcontract-fulfilled.capture.js';

const at = { occurredAt: new Date('2026-12-05T10:00:00.000Z'), source: (n: number) => `event:7:${n}` };
const event: DomainEvent<'lending.subcontract-fulfilled'> = {
  id: '7',
  type: 'lending.subcontract-fulfilled',
  aggregateType: 'capacity_subcontract',
  aggregateId: 's1',
  occurredAt: at.occurredAt.toISOString(),
  payload: {
    subcontractId: 's1',
    offerId: 'o1',
    jobId: 'j1',
    lenderOrganizationId: 'lender',
    borrowerOrganizationId: 'borrower',
    lenderFacilityId: 'f1',
    process: 'LASER_CUTTING',
    hours: '6.50',
    due: '2026-12-10T00:00:00.000Z',
    actorId: null,
    designVersionCid: 'bafyv',
    offeredBy: 'member',
  },
};

describe('capture of lent machine-hours', () => {
  it('credits the lending co-op with a work record into the job, its hours as effort', () => {
    expect(subcontractFulfilled.drafts(event, at)).toEqual([
      {
        source: 'event:7:0',
        action: 'work',
        provider: { kind: 'organization', id: 'lender' },
        providerAccountId: 'member',
        providerOrganizationId: 'lender',
        receiver: { kind: 'organization', id: 'borrower' },
        subject: 'urn:cosmolocal:job:j1',
        jobId: 'j1',
        designVersionCid: 'bafyv',
        inputOf: 'urn:cosmolocal:job:j1',
        effortHours: '6.50',
        note: 'lent 6.50 machine-hours of Laser cutting (fulfils urn:cosmolocal:commitment:s1)',
        occurredAt: at.occurredAt,
        evidenceCids: [],
      },
    ]);
  });

  it('is one of the captured events, each with its own source key', () => {
    expect(draftsFromEvent(event).map((d) => d.source)).toEqual(['event:7:0']);
  });
});
