import { designRemixed } from './design-remixed.capture.js';

describe('capture of remixes', () => {
  it('gives a remix one citation per parent, each with its own source key and share', () => {
    const drafts = designRemixed.drafts(
      {
        id: '7',
        type: 'design.remixed',
        aggregateType: 'design',
        aggregateId: 'd2',
        occurredAt: '2026-11-21T10:00:00.000Z',
        payload: {
          agentId: 'u',
          agentDid: 'did:key:z',
          designId: 'd2',
          versionId: 'v2',
          versionCid: 'bafyremix',
          organizationId: null,
          parents: [
            { versionCid: 'bafyp1', shareBps: 2500, relation: 'DERIVATIVE_OF' },
            { versionCid: 'bafyp2', shareBps: 1000, relation: 'VARIANT_OF' },
          ],
        },
      },
      { occurredAt: new Date('2026-11-21T10:00:00.000Z'), source: (n) => `event:7:${n}` },
    );
    expect(drafts.map((d) => [d.source, d.action, d.designVersionCid, d.provider])).toEqual([
      ['event:7:0', 'cite', 'bafyp1', { kind: 'account', id: 'u' }],
      ['event:7:1', 'cite', 'bafyp2', { kind: 'account', id: 'u' }],
    ]);
    expect(drafts[0]!.note).toBe('DERIVATIVE_OF in bafyremix (25.00 % share)');
  });
});
