import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import type { Viewer } from '../common/auth/viewer.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../common/errors/domain-error.js';
import { connectionFromPage, decodeTimeIdCursor, pageSize, timeIdKey } from '../common/graphql/connection.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { RecordWriter } from '../contributions/record-writer.js';
import { isUuid } from '../common/uuid.js';
import { UnitOfWork } from '../database/transaction.js';
import { AgentDirectory } from '../identity/agent-directory.js';
import { OrganizationsService } from '../identity/organizations.service.js';
import { requireText } from '../identity/text.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import { GovernanceRepository } from './governance.repository.js';
import { BLOCK, PROPOSAL_STATUSES, proposalSubject, type Proposal, type ProposalStatus, type Vote } from './governance.types.js';
import type { CreateProposalInput } from './kinds/proposal-kind.js';
import { ProposalKindRegistry } from './kinds/proposal-kind.registry.js';
import { parseBasics } from './proposal-input.js';
import { ProposalsRepository } from './proposals.repository.js';
import { VotesRepository } from './votes.repository.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';

export type { CreateProposalInput };

// Proposals and votes: who may propose and vote (one member, or one member organization of a
// federation, one vote), what each kind carries (checked by its handler in kinds/), and the open
// reading of it all. Closing and execution live in ProposalClosingService.
@Injectable()
export class ProposalsService {
  constructor(
    private readonly proposals: ProposalsRepository,
    private readonly votes: VotesRepository,
    private readonly members: GovernanceRepository,
    private readonly organizations: OrganizationsService,
    private readonly agents: AgentDirectory,
    private readonly kinds: ProposalKindRegistry,
    private readonly records: RecordWriter,
    private readonly outbox: OutboxRepository,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly idempotency: IdempotencyService,
    private readonly access: AccessService,
  ) {}

  async create(viewer: Viewer, input: CreateProposalInput, now = new Date(), idempotencyKey?: string | null): Promise<Proposal> {
    const idempotent = { viewer, operation: 'createProposal', key: idempotencyKey, input };
    const earlier = await this.idempotency.replay(idempotent);
    if (earlier) return this.get(earlier);
    const org = await this.organizations.get(input.organizationId);
    const federation = org.kind === 'FEDERATION';
    // Admins of a federation's member organizations propose to it too.
    await this.access.require(viewer, 'organization:propose', {
      id: org.id,
      federationMemberIds: federation ? await this.members.federationMembers(org.id) : [],
    });
    const basics = parseBasics(input, { now, ...this.config.governance, kinds: this.kinds.traits() });
    // What the kind carries, checked now so that a proposal that passes can be carried out.
    const target = { organizationId: org.id, federation };
    const payload = await this.kinds.parse(basics.kind, input, target);
    await this.kinds.prepare(payload, { ...target, decisionRule: basics.decisionRule });
    const id = randomUUID();
    return this.idempotency.transaction(
      idempotent,
      async (tx) => {
        const electorate =
          basics.decisionRule === 'APPROVALS_ONLY'
            ? []
            : federation
              ? await this.members.federationMembers(org.id, tx)
              : await this.members.memberAccounts(tx, org.id);
        if (basics.decisionRule !== 'APPROVALS_ONLY' && !electorate.length)
          throw new ConflictError('Nobody could vote on this: the federation has no member organizations yet.', {
            reason: 'NO_ELECTORATE',
          });
        const status: ProposalStatus = basics.decisionRule === 'APPROVALS_ONLY' ? 'AWAITING_APPROVALS' : 'OPEN';
        const window = basics.decisionRule === 'APPROVALS_ONLY' ? { votingStartsAt: now, votingEndsAt: now } : {};
        const proposal = await this.proposals.insertProposal(
          tx,
          { id, organizationId: org.id, ...basics, ...window, payload, status, createdBy: viewer.accountId },
          electorate,
        );
        await this.outbox.append(tx, {
          type: 'governance.proposal-opened',
          aggregateType: 'proposal',
          aggregateId: id,
          payload: {
            proposalId: id,
            organizationId: org.id,
            kind: basics.kind,
            status,
            votingEndsAt: proposal.votingEndsAt.toISOString(),
            actorId: viewer.accountId,
          },
        });
        return { result: proposal, ref: proposal.id };
      },
      (ref) => this.get(ref),
    );
  }

  // One member, one vote, changeable until the close; in a federation an admin of a member
  // organization votes for it. Each vote (and each change) is a signed record of the voter.
  async vote(
    viewer: Viewer,
    proposalId: string,
    rawOption: string,
    rawReason?: string | null,
    onBehalfOf?: string | null,
    now = new Date(),
  ): Promise<Vote> {
    const option = String(rawOption ?? '')
      .trim()
      .toLowerCase();
    const reason = rawReason?.trim() ? requireText('reason', rawReason, 1, 2000, true) : null;
    const proposal = await this.get(proposalId);
    const org = await this.organizations.get(proposal.organizationId);
    let voterId = viewer.accountId;
    let voterDid: string;
    if (org.kind === 'FEDERATION') {
      if (!onBehalfOf)
        throw new InvalidInputError(
          'onBehalfOf',
          'In a federation, each member organization votes: name the one you vote for.',
          'ORGANIZATION_REQUIRED',
        );
      await this.access.require(viewer, 'organization:cast-federation-vote', { id: onBehalfOf });
      voterId = onBehalfOf;
      voterDid = (await this.organizations.get(onBehalfOf)).did;
    } else {
      if (onBehalfOf) throw new InvalidInputError('onBehalfOf', 'Only federations vote by organization.', 'NOT_A_FEDERATION');
      voterDid = await this.agents.didOfAccount(viewer.accountId);
    }
    if (proposal.decisionRule === 'APPROVALS_ONLY')
      throw new ConflictError('This spend is decided by treasurers’ approvals, not by a vote.', { reason: 'NOT_A_VOTE' });
    if (!proposal.options.includes(option))
      throw new InvalidInputError('option', `Vote one of: ${proposal.options.join(', ')}.`, 'INVALID_OPTION');
    if (option === BLOCK && !reason)
      throw new InvalidInputError('reason', 'A block needs a reason the others can answer.', 'REASON_REQUIRED');
    return this.uow.run(async (tx) => {
      const locked = (await this.proposals.lockProposal(tx, proposalId, 'SHARE'))!;
      if (locked.status !== 'OPEN' || now >= locked.votingEndsAt)
        throw new ConflictError('Voting on this proposal has closed.', { reason: 'VOTING_CLOSED' });
      if (now < locked.votingStartsAt)
        throw new ConflictError(`Voting opens at ${locked.votingStartsAt.toISOString()}.`, { reason: 'VOTING_NOT_OPEN' });
      if (!(await this.proposals.inElectorate(tx, proposalId, voterId)))
        throw new ForbiddenError('Only the members of the organization when the proposal opened vote on it.');
      const previous = await this.votes.lockVote(tx, proposalId, voterId);
      if (previous && previous.option === option && previous.reason === reason)
        throw new ConflictError(`You already voted ${option}; a second vote must change it.`, { reason: 'NOT_A_CHANGE' });
      const record = await this.records.append(tx, {
        source: `vote:${proposalId}:${voterId}:${randomUUID()}`,
        action: 'vote',
        providerDid: voterDid,
        providerAccountId: viewer.accountId,
        providerOrganizationId: org.kind === 'FEDERATION' ? voterId : null,
        receiverDid: org.did,
        subject: proposalSubject(proposalId),
        designId: null,
        designVersionCid: null,
        jobId: null,
        effortHours: null,
        note: `${previous ? 'changed vote' : 'vote'}: ${option}${reason ? ` (${reason})` : ''}`.slice(0, 2000),
        occurredAt: now,
        evidenceCids: [],
        validation: 'NOT_REQUIRED',
        validationsRequired: 0,
      });
      const vote = await this.votes.upsertVote(tx, { proposalId, voterId, castBy: viewer.accountId, option, reason, recordId: record.id });
      await this.outbox.append(tx, {
        type: 'governance.vote-cast',
        aggregateType: 'proposal',
        aggregateId: proposalId,
        payload: { proposalId, voterId, option, recordId: record.id, change: !!previous },
      });
      return vote;
    });
  }

  async get(id: string): Promise<Proposal> {
    const proposal = isUuid(id) ? await this.proposals.findProposal(id) : null;
    if (!proposal) throw new NotFoundError('Proposal', id);
    return proposal;
  }

  async page(organizationId: string, rawStatus: string | null | undefined, first?: number | null, after?: string | null) {
    await this.organizations.get(organizationId);
    if (rawStatus && !(PROPOSAL_STATUSES as readonly string[]).includes(rawStatus))
      throw new InvalidInputError('status', `status is one of ${PROPOSAL_STATUSES.join(', ')}.`);
    const status = (rawStatus ?? null) as ProposalStatus | null;
    const size = pageSize(first);
    const cursor = after ? decodeTimeIdCursor(after) : undefined;
    const [rows, totalCount] = await Promise.all([
      this.proposals.proposalsOf(organizationId, status, size + 1, cursor && { createdAt: cursor.at, id: cursor.id }),
      this.proposals.countProposals(organizationId, status),
    ]);
    return connectionFromPage(rows, (p: Proposal) => timeIdKey(p.createdAt, p.id), { size, after, totalCount });
  }

  // Open votes the viewer has yet to cast: as a member, and for each member organization of a
  // federation they are an admin of.
  async needingMyVote(viewer: Viewer, now = new Date()): Promise<Array<Proposal & { voterId: string }>> {
    const memberships = (await this.organizations.membershipsOfAccount(viewer.accountId)).map((m) => ({ id: m.organizationId }));
    const voterIds = [
      viewer.accountId,
      ...(await this.access.filter(viewer, 'organization:cast-federation-vote', memberships)).map((o) => o.id),
    ];
    return this.proposals.awaitingVotes(voterIds, now);
  }
}
