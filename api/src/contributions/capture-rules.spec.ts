import type { DomainEvent } from '../outbox/domain-events.js';
import { CAPTURED_EVENTS, draftsFromEvent, hoursString } from './capture-rules.js';

const event = (type: string, payload: object, id = '42'): DomainEvent =>
  ({ id, type, aggregateType: 'x', aggregateId: 'y', occurredAt: '2026-11-21T10:00:00.000Z', payload }) as DomainEvent;

describe('contribution capture rules', () => {
  it('captures design versions, remixes, job steps and lent machine-hours, one rule each', () => {
    expect([...CAPTURED_EVENTS].sort()).toEqual([
      'design.published',
      'design.remixed',
      'lending.subcontract-fulfilled',
      'production.job.transitioned',
    ]);
  });

  it('sends an event to the rule of its type, with source keys and time from the event', () => {
    const remix = {
      agentId: 'u',
      agentDid: 'did:key:z',
      designId: 'd2',
      versionId: 'v2',
      versionCid: 'bafyremix',
      organizationId: null,
      parents: [{ versionCid: 'bafyp1', shareBps: 2500, relation: 'DERIVATIVE_OF' }],
    };
    expect(draftsFromEvent(event('design.remixed', remix, '7'))).toEqual([
      expect.objectContaining({ source: 'event:7:0', action: 'cite', occurredAt: new Date('2026-11-21T10:00:00.000Z') }),
    ]);
  });

  it('gives no record for an event no rule captures', () => {
    expect(draftsFromEvent(event('identity.account.registered', { accountId: 'a', did: 'did:key:a' }))).toEqual([]);
  });

  it('writes hours as decimal strings with two places', () => {
    expect([hoursString(1), hoursString(0.125), hoursString(12.5)]).toEqual(['1.00', '0.13', '12.50']);
  });
});
