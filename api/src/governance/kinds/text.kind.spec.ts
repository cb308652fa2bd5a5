import { TextKind } from './text.kind.js';

describe('TEXT proposals', () => {
  const kind = new TextKind();

  it('are tallied and never carried out: not binding, no payload, nothing done, nothing to show', async () => {
    expect(kind.binding).toBe(false);
    expect(kind.treasurerApprovals).toBe(false);
    expect(await kind.parse()).toEqual({ kind: 'TEXT' });
    expect(await kind.execute()).toEqual({});
    expect(kind.describe()).toEqual({});
  });
});
