import { mock } from '../../../test/support/unit.js';
import type { Tx } from '../database/transaction.js';
import type { DomainEventOf } from '../outbox/domain-events.js';
import { AuditHandler } from './audit.handler.js';
import type { AuditRepository } from './audit.repository.js';

const tx = { fake: 'tx' } as unknown as Tx;
const at = '2026-03-01T10:00:00.000Z';
const ORG = '00000000-0000-4000-8000-00000000000a';
const ADMIN = '00000000-0000-4000-8000-00000000000b';
const MEMBER = '00000000-0000-4000-8000-00000000000c';

async function audited(event: DomainEventOf<AuditHandler['handles'][number]>) {
  const repository = mock<AuditRepository>();
  await new AuditHandler(repository).handle(event, tx);
  expect(repository.insert).toHaveBeenCalledTimes(1);
  expect(repository.insert.mock.calls[0]![0]).toBe(tx);
  return repository.insert.mock.calls[0]![1];
}

describe('AuditHandler', () => {
  it('records who created an organization, with the organization as the subject', async () => {
    const entry = await audited({
      id: 'e1',
      aggregateType: 'organization',
      aggregateId: ORG,
      occurredAt: at,
      type: 'identity.organization.created',
      payload: { organizationId: ORG, did: 'did:key:z6Mk', kind: 'COOPERATIVE', createdBy: ADMIN },
    });
    expect(entry).toEqual({
      eventId: 'e1',
      organizationId: ORG,
      actorId: ADMIN,
      action: 'identity.organization.created',
      subjectId: ORG,
      details: {},
      occurredAt: new Date(at),
    });
  });

  it('records the role a member was given, and that a passed proposal (no actor) added them', async () => {
    const entry = await audited({
      id: 'e2',
      aggregateType: 'organization',
      aggregateId: ORG,
      occurredAt: at,
      type: 'identity.member.added',
      payload: { organizationId: ORG, accountId: MEMBER, role: 'TREASURER', actorId: null },
    });
    expect(entry).toMatchObject({ actorId: null, subjectId: MEMBER, details: { role: 'TREASURER' }, action: 'identity.member.added' });
  });

  it('records a role change with who made it', async () => {
    const entry = await audited({
      id: 'e3',
      aggregateType: 'organization',
      aggregateId: ORG,
      occurredAt: at,
      type: 'identity.member.role-changed',
      payload: { organizationId: ORG, accountId: MEMBER, role: 'ADMIN', actorId: ADMIN },
    });
    expect(entry).toMatchObject({ actorId: ADMIN, subjectId: MEMBER, details: { role: 'ADMIN' } });
  });

  it('records a removal without details', async () => {
    const entry = await audited({
      id: 'e4',
      aggregateType: 'organization',
      aggregateId: ORG,
      occurredAt: at,
      type: 'identity.member.removed',
      payload: { organizationId: ORG, accountId: MEMBER, actorId: ADMIN },
    });
    expect(entry).toMatchObject({ actorId: ADMIN, subjectId: MEMBER, details: {}, organizationId: ORG });
  });
});
