import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error.js';
import type { Tx } from '../database/transaction.js';
import { FacilityVerificationService } from '../facilities/facility-verification.service.js';
import { OrganizationsService } from '../identity/organizations.service.js';
import { RewardsService } from '../rewards/rewards.service.js';
import { GovernanceRepository } from './governance.repository.js';
import type { Proposal, ProposalPayload } from './governance.types.js';
import { TreasuryService } from './treasury.service.js';

// What carrying a proposal out needs from outside its transaction (read before it: inside it,
// nothing may query on another connection).
export interface ExecutionContext {
  organizationDid: string;
  recipientDid: string | null; // a spend's
}

// Carries out a passed binding proposal, once, inside the transaction that closes it (or that
// records the approval completing it): the policy version activated, the transfer posted, the
// verification level set, the member admitted or removed. A decision that can no longer be
// carried out moves nothing and leaves the proposal EXECUTION_FAILED with the reason.
@Injectable()
export class ProposalExecutor {
  private readonly logger = new Logger(ProposalExecutor.name);

  constructor(
    private readonly repo: GovernanceRepository,
    private readonly rewards: RewardsService,
    private readonly treasury: TreasuryService,
    private readonly verification: FacilityVerificationService,
    private readonly organizations: OrganizationsService,
  ) {}

  async prepare(p: Proposal): Promise<ExecutionContext> {
    const organizationDid = (await this.organizations.get(p.organizationId)).did;
    let recipientDid: string | null = null;
    if (p.payload.kind === 'TREASURY_SPEND') {
      const r = p.payload.recipient;
      recipientDid = r.kind === 'AGENT' ? r.did : (await this.organizations.get(r.organizationId)).did;
    }
    return { organizationDid, recipientDid };
  }

  async execute(tx: Tx, p: Proposal, ctx: ExecutionContext): Promise<Proposal> {
    await this.repo.savepoint(tx);
    try {
      const execution = await this.carryOut(tx, p, ctx);
      await this.repo.releaseSavepoint(tx);
      this.logger.log({ msg: 'proposal executed', proposalId: p.id, kind: p.kind, ...execution });
      return this.repo.updateProposal(tx, p.id, { status: 'EXECUTED', execution, executed: true });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      await this.repo.rollbackToSavepoint(tx);
      this.logger.warn({ msg: 'a passed proposal could not be carried out', proposalId: p.id, kind: p.kind, reason: err.message });
      return this.repo.updateProposal(tx, p.id, { status: 'EXECUTION_FAILED', executionError: err.message.slice(0, 2000) });
    }
  }

  private async carryOut(tx: Tx, p: Proposal, ctx: ExecutionContext): Promise<Record<string, unknown>> {
    const payload: ProposalPayload = p.payload;
    switch (payload.kind) {
      case 'REWARD_POLICY_CHANGE':
        return { policyVersion: await this.rewards.activatePolicyIn(tx, p.organizationId, payload.policy, p.createdBy) };
      case 'TREASURY_SPEND':
        return this.treasury.spendIn(tx, p, ctx.organizationDid, ctx.recipientDid!);
      case 'FACILITY_VERIFICATION':
        await this.verification.setLevelIn(tx, null, payload.facilityId, payload.level, `${payload.reason} (proposal ${p.id})`);
        return { facilityId: payload.facilityId, level: payload.level };
      case 'MEMBERSHIP':
        if (payload.organizationId) {
          const changed = payload.action === 'ADMIT' ? await this.repo.addFederationMember(tx, p.organizationId, payload.organizationId) : await this.repo.removeFederationMember(tx, p.organizationId, payload.organizationId);
          return { action: payload.action, organizationId: payload.organizationId, changed };
        }
        if (payload.action === 'ADMIT') await this.organizations.addMemberIn(tx, p.organizationId, payload.accountId!, payload.role ?? 'MEMBER', null);
        else await this.organizations.removeMemberIn(tx, p.organizationId, payload.accountId!, null);
        return { action: payload.action, accountId: payload.accountId, role: payload.role ?? null };
      case 'TEXT':
        return {};
    }
  }
}
