import type { Proposal, ProposalKindName } from '../../api/src/governance/governance.types.js';
import { PROPOSAL_KINDS } from '../../api/src/governance/governance.types.js';
import type { AnyProposalKind } from '../../api/src/governance/kinds/proposal-kind.js';
import { ProposalKindRegistry } from '../../api/src/governance/kinds/proposal-kind.registry.js';

// A real registry over stand-in kinds: TEXT non-binding, TREASURY_SPEND approved by treasurers,
// the rest binding; a spend awaits approvals when `spendAwaitsApprovals` says so.
export function fakeKindRegistry(options: { spendAwaitsApprovals?: boolean } = {}): ProposalKindRegistry {
  const kinds = PROPOSAL_KINDS.map(
    (name: ProposalKindName) =>
      ({
        name,
        binding: name !== 'TEXT',
        treasurerApprovals: name === 'TREASURY_SPEND',
        parse: async () => ({ kind: name }),
        execute: async () => ({ by: name }),
        describe: () => ({}),
        ...(name === 'TREASURY_SPEND' && { awaitsApprovals: async (_tx: unknown, _p: Proposal) => !!options.spendAwaitsApprovals }),
      }) as unknown as AnyProposalKind,
  );
  return new ProposalKindRegistry(kinds);
}
