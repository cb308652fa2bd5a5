import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error.js';
import type { Tx } from '../database/transaction.js';
import { OrganizationsService } from '../identity/organizations.service.js';
import type { Proposal } from './governance.types.js';
import type { ExecutionContext } from './kinds/proposal-kind.js';
import { ProposalKindRegistry } from './kinds/proposal-kind.registry.js';
import { ProposalsRepository } from './proposals.repository.js';

// Carries out a passed binding proposal, once, inside the transaction that closes it (or that
// records the approval completing it), by its kind (kinds/): the policy version activated, the
// transfer posted, the verification level set, the member admitted or removed. A decision that
// can no longer be carried out moves nothing and leaves the proposal EXECUTION_FAILED with the reason.
@Injectable()
export class ProposalExecutor {
  private readonly logger = new Logger(ProposalExecutor.name);

  constructor(
    private readonly repo: ProposalsRepository,
    private readonly kinds: ProposalKindRegistry,
    private readonly organizations: OrganizationsService,
  ) {}

  // Read before the transaction: inside it, nothing may query on another connection.
  async prepare(p: Proposal): Promise<ExecutionContext> {
    const organizationDid = (await this.organizations.get(p.organizationId)).did;
    return { organizationDid, gathered: await this.kinds.gather(p) };
  }

  async execute(tx: Tx, p: Proposal, ctx: ExecutionContext): Promise<Proposal> {
    await this.repo.savepoint(tx);
    try {
      const execution = await this.kinds.execute(tx, p, ctx);
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
}
