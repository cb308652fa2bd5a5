import { Injectable } from '@nestjs/common';
import { InvalidInputError } from '../../common/errors/domain-error.js';
import type { Tx } from '../../database/transaction.js';
import { PoliciesService } from '../../rewards/policy/policies.service.js';
import type { PayloadOf } from '../governance.types.js';
import type { CreateProposalInput, ProposalDescription, ProposalKind, ProposalOf } from './proposal-kind.js';

declare module '../governance.types.js' {
  interface ProposalPayloads {
    REWARD_POLICY_CHANGE: { policy: unknown };
  }
}

// A new version of the organization's value equation, activated when the vote passes.
@Injectable()
export class RewardPolicyChangeKind implements ProposalKind<'REWARD_POLICY_CHANGE'> {
  readonly name = 'REWARD_POLICY_CHANGE';
  readonly binding = true;
  readonly treasurerApprovals = false;

  constructor(private readonly policies: PoliciesService) {}

  async parse(input: CreateProposalInput): Promise<PayloadOf<'REWARD_POLICY_CHANGE'>> {
    if (!input.policy) throw new InvalidInputError('policy', 'A policy change carries the new value equation as JSON.', 'REQUIRED');
    return { kind: 'REWARD_POLICY_CHANGE', policy: this.policies.parsePolicySpec(input.policy).spec };
  }

  async execute(tx: Tx, p: ProposalOf<'REWARD_POLICY_CHANGE'>): Promise<Record<string, unknown>> {
    return { policyVersion: await this.policies.activatePolicyIn(tx, p.organizationId, p.payload.policy, p.createdBy) };
  }

  describe(payload: PayloadOf<'REWARD_POLICY_CHANGE'>): ProposalDescription {
    return { policy: payload.policy };
  }
}
