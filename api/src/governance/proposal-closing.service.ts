import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import type { Viewer } from '../common/auth/viewer.js';
import { ConflictError, NotFoundError } from '../common/errors/domain-error.js';
import { RecordWriter } from '../contributions/record-writer.js';
import { UnitOfWork } from '../database/transaction.js';
import { AgentDirectory } from '../identity/agent-directory.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import { proposalSubject, type Proposal, type ProposalStatus } from './governance.types.js';
import { ProposalKindRegistry } from './kinds/proposal-kind.registry.js';
import { ProposalExecutor } from './proposal-executor.js';
import { ProposalsRepository } from './proposals.repository.js';
import { tally } from './tally.js';
import { TreasuryService } from './treasury.service.js';
import { VotesRepository } from './votes.repository.js';

// The end of a vote: at the close of its window (a delayed job, with a sweep as a safety net) a
// proposal is tallied, and a binding one that passed is carried out, in one transaction under the
// proposal's row lock: run it twice, or again after a crash, and it happens once. A spend that also
// needs treasurers waits for m approvals; the approval that completes them carries it out.
@Injectable()
export class ProposalClosingService {
  private readonly logger = new Logger(ProposalClosingService.name);

  constructor(
    private readonly proposals: ProposalsRepository,
    private readonly votes: VotesRepository,
    private readonly executor: ProposalExecutor,
    private readonly kinds: ProposalKindRegistry,
    private readonly treasury: TreasuryService,
    private readonly agents: AgentDirectory,
    private readonly records: RecordWriter,
    private readonly outbox: OutboxRepository,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
  ) {}

  async close(proposalId: string, now = new Date()): Promise<Proposal | null> {
    const found = await this.proposals.findProposal(proposalId);
    if (!found || found.status !== 'OPEN' || now < found.votingEndsAt) return found;
    const ctx = await this.executor.prepare(found);
    const closed = await this.uow.run(async (tx) => {
      const p = await this.proposals.lockProposal(tx, proposalId, 'UPDATE');
      if (!p || p.status !== 'OPEN') return null; // closed already (a second run, or the sweep)
      const votes = await this.votes.votesOf(p.id, tx);
      const binding = this.kinds.of(p.kind).binding;
      const t = tally({ rule: p.decisionRule, options: p.options, quorumBps: p.quorumBps, electorate: p.electorate, votes, binding });
      const status: ProposalStatus = !t.quorumReached ? 'NO_QUORUM' : t.passed ? 'PASSED' : 'REJECTED';
      let updated = await this.proposals.updateProposal(tx, p.id, {
        status,
        tally: t,
        quorumReached: t.quorumReached,
        outcome: t.outcome,
        closed: true,
      });
      if (status === 'PASSED' && binding) {
        const needsTreasurers = await this.kinds.awaitsApprovals(tx, p);
        updated = needsTreasurers
          ? await this.proposals.updateProposal(tx, p.id, { status: 'AWAITING_APPROVALS' })
          : await this.executor.execute(tx, updated, ctx);
      }
      await this.outbox.append(tx, {
        type: 'governance.proposal-closed',
        aggregateType: 'proposal',
        aggregateId: p.id,
        payload: {
          proposalId: p.id,
          organizationId: p.organizationId,
          status: updated.status,
          outcome: updated.outcome,
          executed: updated.status === 'EXECUTED',
        },
      });
      return updated;
    });
    if (closed)
      this.logger.log({ msg: 'proposal closed', proposalId, status: closed.status, outcome: closed.outcome, votes: closed.tally?.cast });
    return closed ?? (await this.proposals.findProposal(proposalId));
  }

  // A treasurer's approval of a spend that awaits them (each a signed record); the m-th carries
  // the spend out in the same transaction.
  async approveSpend(viewer: Viewer, proposalId: string): Promise<Proposal> {
    const found = await this.proposals.findProposal(proposalId);
    if (!found) throw new NotFoundError('Proposal', proposalId);
    if (!this.kinds.of(found.kind).treasurerApprovals)
      throw new ConflictError('Only treasury spends are approved by treasurers.', { reason: 'NOT_A_SPEND' });
    await this.access.require(viewer, 'organization:approve-spend', { id: found.organizationId });
    const did = await this.agents.didOfAccount(viewer.accountId);
    const ctx = await this.executor.prepare(found);
    return this.uow.run(async (tx) => {
      const p = (await this.proposals.lockProposal(tx, proposalId, 'UPDATE'))!;
      if (p.status !== 'AWAITING_APPROVALS')
        throw new ConflictError(`This spend is ${p.status}, not awaiting approvals.`, {
          reason: 'NOT_AWAITING_APPROVALS',
          status: p.status,
        });
      const before = await this.votes.approvalsOf([proposalId], tx);
      if (before.some((a) => a.accountId === viewer.accountId))
        throw new ConflictError('You already approved this spend.', { reason: 'ALREADY_APPROVED' });
      const record = await this.records.append(tx, {
        source: `approval:${proposalId}:${viewer.accountId}:${randomUUID()}`,
        action: 'vote',
        providerDid: did,
        providerAccountId: viewer.accountId,
        providerOrganizationId: null,
        receiverDid: ctx.organizationDid,
        subject: proposalSubject(proposalId),
        designId: null,
        designVersionCid: null,
        jobId: null,
        effortHours: null,
        note: 'approved the spend',
        occurredAt: new Date(),
        evidenceCids: [],
        validation: 'NOT_REQUIRED',
        validationsRequired: 0,
      });
      if (!(await this.votes.insertApproval(tx, { proposalId, accountId: viewer.accountId, recordId: record.id })))
        throw new ConflictError('You already approved this spend.', { reason: 'ALREADY_APPROVED' });
      // The row lock keeps other approvals out until this one commits.
      const approvals = before.length + 1;
      await this.outbox.append(tx, {
        type: 'governance.spend-approved',
        aggregateType: 'proposal',
        aggregateId: proposalId,
        payload: { proposalId, accountId: viewer.accountId, recordId: record.id, approvals },
      });
      const rules = await this.treasury.rulesOf(p.organizationId, tx);
      return approvals >= rules.approvalsRequired ? this.executor.execute(tx, p, ctx) : p;
    });
  }

  // The delayed close job's safety net (Redis lost it, or it gave up): proposals past their window.
  async sweep(now = new Date()): Promise<number> {
    let closed = 0;
    for (const id of await this.proposals.overdue(now, 200)) if ((await this.close(id, now))?.status !== 'OPEN') closed++;
    return closed;
  }
}
