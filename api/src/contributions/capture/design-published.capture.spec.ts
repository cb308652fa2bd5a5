import { designPublished } from './design-published.capture.js';

describe('capture of published design versions', () => {
  it('credits the publisher with producing the version, for their organization', () => {
    const occurredAt = new Date('2026-11-21T10:00:00.000Z');
    const drafts = designPublished.drafts(
      {
        id: '9',
        type: 'design.published',
        aggregateType: 'design',
        aggregateId: 'd1',
        occurredAt: occurredAt.toISOString(),
        payload: {
          agentId: 'u',
          agentDid: 'did:key:z',
          designId: 'd1',
          versionId: 'v1',
          versionCid: 'bafyv1',
          organizationId: 'o1',
          parents: [],
        },
      },
      { occurredAt, source: (n) => `event:9:${n}` },
    );
    expect(drafts).toEqual([
      {
        source: 'event:9:0',
        action: 'produce',
        provider: { kind: 'account', id: 'u' },
        providerAccountId: 'u',
        providerOrganizationId: 'o1',
        subject: 'urn:cosmolocal:design:d1',
        designId: 'd1',
        designVersionCid: 'bafyv1',
        note: 'published a design version',
        occurredAt,
        evidenceCids: [],
      },
    ]);
  });
});
