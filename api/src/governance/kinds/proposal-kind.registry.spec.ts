import { PROPOSAL_KINDS, type Proposal, type ProposalKindName } from '../governance.types.js';
import type { AnyProposalKind } from './proposal-kind.js';
import { ProposalKindRegistry } from './proposal-kind.registry.js';

// A stand-in handler that records what it was asked to do.
function fakeKind(name: ProposalKindName, calls: string[]): AnyProposalKind {
  return {
    name,
    binding: name !== 'TEXT',
    treasurerApprovals: name === 'TREASURY_SPEND',
    parse: async () => ({ kind: name }) as never,
    execute: async () => {
      calls.push(`execute ${name}`);
      return { by: name };
    },
    describe: () => ({ details: { by: name } }),
  } as AnyProposalKind;
}

const proposalOf = (kind: ProposalKindName) => ({ id: 'p1', kind, payload: { kind } }) as unknown as Proposal;

describe('the registry of proposal kinds', () => {
  it('refuses to start when a kind has no handler, or two', () => {
    const all = PROPOSAL_KINDS.map((k) => fakeKind(k, []));
    expect(() => new ProposalKindRegistry(all.slice(1))).toThrow(`No handler for the proposal kinds ${PROPOSAL_KINDS[0]}`);
    expect(() => new ProposalKindRegistry([...all, fakeKind('TEXT', [])])).toThrow('Two handlers for the proposal kind TEXT');
    expect(() => new ProposalKindRegistry([...all, fakeKind('BRIBE' as ProposalKindName, [])])).toThrow('not in PROPOSAL_KINDS');
  });

  it('sends each proposal to the handler of its own kind, with the defaults a kind may leave out', async () => {
    const calls: string[] = [];
    const registry = new ProposalKindRegistry(PROPOSAL_KINDS.map((k) => fakeKind(k, calls)));
    expect(await registry.execute(null as never, proposalOf('MEMBERSHIP'), { organizationDid: 'did:key:o', gathered: undefined })).toEqual({
      by: 'MEMBERSHIP',
    });
    expect(calls).toEqual(['execute MEMBERSHIP']);
    expect(registry.describe(proposalOf('TEXT'))).toEqual({ details: { by: 'TEXT' } });
    expect(await registry.awaitsApprovals(null as never, proposalOf('TREASURY_SPEND'))).toBe(false);
    expect(await registry.gather(proposalOf('TREASURY_SPEND'))).toBeUndefined();
    await expect(
      registry.prepare({ kind: 'TEXT' }, { organizationId: 'o', federation: false, decisionRule: 'SIMPLE_MAJORITY' }),
    ).resolves.toBeUndefined();
    expect(registry.traits().get('TEXT')).toEqual({ binding: false, treasurerApprovals: false });
    expect([...registry.traits().keys()]).toEqual(PROPOSAL_KINDS);
  });
});
