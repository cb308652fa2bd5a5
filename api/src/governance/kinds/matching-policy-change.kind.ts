import { Injectable } from '@nestjs/common';
import { InvalidInputError } from '../../common/errors/domain-error.js';
import type { Tx } from '../../database/transaction.js';
import type { MatchingPolicy } from '../../matching/reliability/matching-policy.js';
import { parseMatchingPolicy } from '../../matching/reliability/matching-policy.js';
import { ReliabilityService } from '../../matching/reliability/reliability.service.js';
import type { PayloadOf } from '../governance.types.js';
import type { CreateProposalInput, ProposalDescription, ProposalKind, ProposalOf, ProposalTarget } from './proposal-kind.js';

declare module '../governance.types.js' {
  interface ProposalPayloads {
    MATCHING_POLICY_CHANGE: { policy: MatchingPolicy };
  }
}

// The organization's matching rules for its own facilities and members (reliability window and
// targets, probation, claims on one's own requests), in force once the vote passes. The proposal
// carries the whole policy as it will be: the fields it names over the policy in force when it was made.
@Injectable()
export class MatchingPolicyChangeKind implements ProposalKind<'MATCHING_POLICY_CHANGE'> {
  readonly name = 'MATCHING_POLICY_CHANGE';
  readonly binding = true;
  readonly treasurerApprovals = false;

  constructor(private readonly reliability: ReliabilityService) {}

  async parse(input: CreateProposalInput, target: ProposalTarget): Promise<PayloadOf<'MATCHING_POLICY_CHANGE'>> {
    if (target.federation)
      throw new InvalidInputError(
        'kind',
        'A matching policy is an organization’s, for its own facilities and members.',
        'NOT_FOR_FEDERATIONS',
      );
    if (!input.matchingPolicy)
      throw new InvalidInputError('matchingPolicy', 'A matching policy change carries the fields it changes as JSON.', 'REQUIRED');
    const current = await this.reliability.policyOf(target.organizationId);
    return { kind: 'MATCHING_POLICY_CHANGE', policy: parseMatchingPolicy(input.matchingPolicy, current) };
  }

  async execute(tx: Tx, p: ProposalOf<'MATCHING_POLICY_CHANGE'>): Promise<Record<string, unknown>> {
    await this.reliability.setPolicyIn(tx, p.organizationId, p.payload.policy, p.id);
    return { matchingPolicy: p.payload.policy };
  }

  describe(payload: PayloadOf<'MATCHING_POLICY_CHANGE'>): ProposalDescription {
    return { details: { ...payload.policy } };
  }
}
