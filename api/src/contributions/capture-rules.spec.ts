import type { DomainEvent } from '../outbox/domain-events.js';
import { draftsFromEvent, hoursString } from './capture-rules.js';

const at = '2026-11-21T10:00:00.000Z';
const job = (to: string, extra: Record<string, unknown> = {}): DomainEvent =>
  ({
    id: '42',
    type: 'production.job.transitioned',
    aggregateType: 'production_job',
    aggregateId: 'j1',
    occurredAt: at,
    payload: { jobId: 'j1', requestId: 'r1', lineKey: 'whole', role: 'WHOLE', from: 'X', to, actorId: 'a1', facilityId: 'f1', organizationId: 'o1', requesterId: 'req', designVersionCid: 'bafy', quantity: 2, estimatedHours: 2.5, evidenceCids: ['bafkqc'], claimSeq: 1, claimExpiresAt: null, ...extra },
  }) as DomainEvent;

describe('contribution capture rules', () => {
  it('maps each job step to one record of the right agent and action', () => {
    expect(draftsFromEvent(job('CLAIMED'))).toEqual([expect.objectContaining({ source: 'event:42:0', action: 'work', provider: { kind: 'organization', id: 'o1' }, providerAccountId: 'a1', inputOf: 'urn:cosmolocal:job:j1' })]);
    expect(draftsFromEvent(job('READY'))).toEqual([expect.objectContaining({ action: 'produce', effortHours: '2.50', evidenceCids: ['bafkqc'], outputOf: 'urn:cosmolocal:job:j1' })]);
    expect(draftsFromEvent(job('DELIVERED'))).toEqual([expect.objectContaining({ action: 'transfer', receiver: { kind: 'account', id: 'req' } })]);
    expect(draftsFromEvent(job('ACCEPTED'))).toEqual([expect.objectContaining({ action: 'accept', provider: { kind: 'account', id: 'req' }, receiver: { kind: 'organization', id: 'o1' } })]);
    // Steps that are no contribution: production start, cancellation, expiry (no organization).
    expect(draftsFromEvent(job('IN_PRODUCTION'))).toEqual([]);
    expect(draftsFromEvent(job('CANCELLED'))).toEqual([]);
    expect(draftsFromEvent(job('OPEN', { organizationId: null }))).toEqual([]);
  });

  it('gives a remix one citation per parent, each with its own source key', () => {
    const remix = {
      id: '7',
      type: 'design.remixed',
      aggregateType: 'design',
      aggregateId: 'd2',
      occurredAt: at,
      payload: { agentId: 'u', agentDid: 'did:key:z', designId: 'd2', versionId: 'v2', versionCid: 'bafyremix', organizationId: null, parents: [{ versionCid: 'bafyp1', shareBps: 2500, relation: 'DERIVATIVE_OF' }, { versionCid: 'bafyp2', shareBps: 1000, relation: 'VARIANT_OF' }] },
    } as DomainEvent;
    const drafts = draftsFromEvent(remix);
    expect(drafts.map((d) => [d.source, d.action, d.designVersionCid])).toEqual([
      ['event:7:0', 'cite', 'bafyp1'],
      ['event:7:1', 'cite', 'bafyp2'],
    ]);
    expect(drafts[0]!.note).toContain('25.00 %');
  });

  it('writes hours as decimal strings with two places', () => {
    expect([hoursString(1), hoursString(0.125), hoursString(12.5)]).toEqual(['1.00', '0.13', '12.50']);
  });
});
