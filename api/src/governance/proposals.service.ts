import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Viewer } from '../common/auth/viewer.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../common/errors/domain-error.js';
import { connectionFromPage, decodeTimeIdCursor, pageSize, timeIdKey } from '../common/graphql/connection.js';
import { parseMoney, type MoneyInput } from '../common/money.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { RecordWriter } from '../contributions/record-writer.js';
import { isUuid } from '../database/pg-errors.js';
import { UnitOfWork } from '../database/transaction.js';
import { FacilitiesService } from '../facilities/facilities.service.js';
import { VERIFICATION_LEVELS, type VerificationLevel } from '../facilities/facilities.types.js';
import { AccountsService } from '../identity/accounts.service.js';
import { AgentDirectory } from '../identity/agent-directory.js';
import { OrganizationsService } from '../identity/organizations.service.js';
import { requireText } from '../identity/text.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import { FUNDS, type Fund } from '../rewards/policy/policy.js';
import { RewardsService } from '../rewards/rewards.service.js';
import { GovernanceRepository } from './governance.repository.js';
import { BLOCK, PROPOSAL_STATUSES, proposalSubject, type Proposal, type ProposalPayload, type ProposalStatus, type SpendRecipient, type Vote } from './governance.types.js';
import { parseBasics } from './proposal-input.js';
import { TreasuryService } from './treasury.service.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';

export interface CreateProposalInput {
  organizationId: string;
  kind: string;
  title: string;
  body?: string | null;
  decisionRule?: string | null;
  options?: string[] | null;
  quorumBps?: number | null;
  votingStartsAt?: Date | null;
  votingEndsAt?: Date | null;
  policy?: string | null;
  spend?: { fund: string; amount: MoneyInput; recipientDid?: string | null; recipientOrganizationId?: string | null; recipientFund?: string | null; memo: string } | null;
  facility?: { facilityId: string; level: string; reason: string } | null;
  membership?: { action: string; email?: string | null; accountId?: string | null; organizationId?: string | null; role?: string | null } | null;
}

// Proposals and votes: who may propose and vote (one member, or one member organization of a
// federation, one vote), what each kind carries, and the open reading of it all. Closing and
// execution live in ProposalClosingService.
@Injectable()
export class ProposalsService {
  constructor(
    private readonly repo: GovernanceRepository,
    private readonly organizations: OrganizationsService,
    private readonly accounts: AccountsService,
    private readonly agents: AgentDirectory,
    private readonly facilities: FacilitiesService,
    private readonly rewards: RewardsService,
    private readonly treasury: TreasuryService,
    private readonly records: RecordWriter,
    private readonly outbox: OutboxRepository,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly idempotency: IdempotencyService,
  ) {}

  async create(viewer: Viewer, input: CreateProposalInput, now = new Date(), idempotencyKey?: string | null): Promise<Proposal> {
    const idempotent = { viewer, operation: 'createProposal', key: idempotencyKey, input };
    const earlier = await this.idempotency.replay(idempotent);
    if (earlier) return this.get(earlier);
    const org = await this.organizations.get(input.organizationId);
    const federation = org.kind === 'FEDERATION';
    await this.requireProposer(viewer, org.id, federation);
    const basics = parseBasics(input, { now, ...this.config.governance });
    const payload = await this.payloadOf(basics.kind, input, org.id, federation);
    if (basics.decisionRule === 'APPROVALS_ONLY') {
      const rules = await this.treasury.rulesOf(org.id);
      const spend = payload as Extract<ProposalPayload, { kind: 'TREASURY_SPEND' }>;
      if (!rules.approvalsAloneBelow || this.treasury.needsApprovals(rules, { amountMinor: BigInt(spend.amountMinor), currency: spend.currency })) {
        throw new InvalidInputError('decisionRule', 'This organization’s rules let treasurers approve spends without a vote only up to its threshold.', 'VOTE_REQUIRED');
      }
    }
    if (payload.kind === 'TREASURY_SPEND') {
      // Nothing may be proposed that the fund cannot pay now (it is checked again at execution).
      const held = await this.treasury.balanceOf(org.id, payload.fund, payload.currency);
      if (held < BigInt(payload.amountMinor)) throw new InvalidInputError('spend.amount.amountMinor', `The ${payload.fund.toLowerCase()} fund holds ${held} minor units of ${payload.currency}, less than this spend.`, 'INSUFFICIENT_FUNDS');
    }
    const id = randomUUID();
    return this.idempotency.transaction(idempotent, async (tx) => {
      const electorate = basics.decisionRule === 'APPROVALS_ONLY' ? [] : federation ? await this.repo.federationMembers(org.id, tx) : await this.repo.memberAccounts(tx, org.id);
      if (basics.decisionRule !== 'APPROVALS_ONLY' && !electorate.length) throw new ConflictError('Nobody could vote on this: the federation has no member organizations yet.', { reason: 'NO_ELECTORATE' });
      const status: ProposalStatus = basics.decisionRule === 'APPROVALS_ONLY' ? 'AWAITING_APPROVALS' : 'OPEN';
      const window = basics.decisionRule === 'APPROVALS_ONLY' ? { votingStartsAt: now, votingEndsAt: now } : {};
      const proposal = await this.repo.insertProposal(tx, { id, organizationId: org.id, ...basics, ...window, payload, status, createdBy: viewer.accountId }, electorate);
      await this.outbox.append(tx, {
        type: 'governance.proposal-opened',
        aggregateType: 'proposal',
        aggregateId: id,
        payload: { proposalId: id, organizationId: org.id, kind: basics.kind, status, votingEndsAt: proposal.votingEndsAt.toISOString(), actorId: viewer.accountId },
      });
      return { result: proposal, ref: proposal.id };
    }, (ref) => this.get(ref));
  }

  // One member, one vote, changeable until the close; in a federation an admin of a member
  // organization votes for it. Each vote (and each change) is a signed record of the voter.
  async vote(viewer: Viewer, proposalId: string, rawOption: string, rawReason?: string | null, onBehalfOf?: string | null, now = new Date()): Promise<Vote> {
    const option = String(rawOption ?? '').trim().toLowerCase();
    const reason = rawReason?.trim() ? requireText('reason', rawReason, 1, 2000, true) : null;
    const proposal = await this.get(proposalId);
    const org = await this.organizations.get(proposal.organizationId);
    let voterId = viewer.accountId;
    let voterDid: string;
    if (org.kind === 'FEDERATION') {
      if (!onBehalfOf) throw new InvalidInputError('onBehalfOf', 'In a federation, each member organization votes: name the one you vote for.', 'ORGANIZATION_REQUIRED');
      if ((await this.organizations.membershipOf(viewer.accountId, onBehalfOf))?.role !== 'ADMIN') throw new ForbiddenError('Only an admin of a member organization casts its vote.');
      voterId = onBehalfOf;
      voterDid = (await this.organizations.get(onBehalfOf)).did;
    } else {
      if (onBehalfOf) throw new InvalidInputError('onBehalfOf', 'Only federations vote by organization.', 'NOT_A_FEDERATION');
      voterDid = await this.agents.didOfAccount(viewer.accountId);
    }
    if (proposal.decisionRule === 'APPROVALS_ONLY') throw new ConflictError('This spend is decided by treasurers’ approvals, not by a vote.', { reason: 'NOT_A_VOTE' });
    if (!proposal.options.includes(option)) throw new InvalidInputError('option', `Vote one of: ${proposal.options.join(', ')}.`, 'INVALID_OPTION');
    if (option === BLOCK && !reason) throw new InvalidInputError('reason', 'A block needs a reason the others can answer.', 'REASON_REQUIRED');
    return this.uow.run(async (tx) => {
      const locked = (await this.repo.lockProposal(tx, proposalId, 'SHARE'))!;
      if (locked.status !== 'OPEN' || now >= locked.votingEndsAt) throw new ConflictError('Voting on this proposal has closed.', { reason: 'VOTING_CLOSED' });
      if (now < locked.votingStartsAt) throw new ConflictError(`Voting opens at ${locked.votingStartsAt.toISOString()}.`, { reason: 'VOTING_NOT_OPEN' });
      if (!(await this.repo.inElectorate(tx, proposalId, voterId))) throw new ForbiddenError('Only the members of the organization when the proposal opened vote on it.');
      const previous = await this.repo.lockVote(tx, proposalId, voterId);
      if (previous && previous.option === option && previous.reason === reason) throw new ConflictError(`You already voted ${option}; a second vote must change it.`, { reason: 'NOT_A_CHANGE' });
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
      const vote = await this.repo.upsertVote(tx, { proposalId, voterId, castBy: viewer.accountId, option, reason, recordId: record.id });
      await this.outbox.append(tx, { type: 'governance.vote-cast', aggregateType: 'proposal', aggregateId: proposalId, payload: { proposalId, voterId, option, recordId: record.id, change: !!previous } });
      return vote;
    });
  }

  async get(id: string): Promise<Proposal> {
    const proposal = isUuid(id) ? await this.repo.findProposal(id) : null;
    if (!proposal) throw new NotFoundError('Proposal', id);
    return proposal;
  }

  async page(organizationId: string, rawStatus: string | null | undefined, first?: number | null, after?: string | null) {
    await this.organizations.get(organizationId);
    if (rawStatus && !(PROPOSAL_STATUSES as readonly string[]).includes(rawStatus)) throw new InvalidInputError('status', `status is one of ${PROPOSAL_STATUSES.join(', ')}.`);
    const status = (rawStatus ?? null) as ProposalStatus | null;
    const size = pageSize(first);
    const cursor = after ? decodeTimeIdCursor(after) : undefined;
    const [rows, totalCount] = await Promise.all([
      this.repo.proposalsOf(organizationId, status, size + 1, cursor && { createdAt: cursor.at, id: cursor.id }),
      this.repo.countProposals(organizationId, status),
    ]);
    return connectionFromPage(rows, (p: Proposal) => timeIdKey(p.createdAt, p.id), { size, after, totalCount });
  }

  // Open votes the viewer has yet to cast: as a member, and for each member organization of a
  // federation they are an admin of.
  async needingMyVote(viewer: Viewer, now = new Date()): Promise<Array<Proposal & { voterId: string }>> {
    const memberships = await this.organizations.membershipsOfAccount(viewer.accountId);
    const voterIds = [viewer.accountId, ...memberships.filter((m) => m.role === 'ADMIN').map((m) => m.organizationId)];
    return this.repo.awaitingVotes(voterIds, now);
  }

  private async requireProposer(viewer: Viewer, organizationId: string, federation: boolean): Promise<void> {
    const mine = await this.organizations.membershipsOfAccount(viewer.accountId);
    if (mine.some((m) => m.organizationId === organizationId)) return;
    if (federation) {
      const adminOf = new Set(mine.filter((m) => m.role === 'ADMIN').map((m) => m.organizationId));
      if ((await this.repo.federationMembers(organizationId)).some((m) => adminOf.has(m))) return;
    }
    throw new ForbiddenError('Only members propose to an organization (and admins of its member organizations, in a federation).');
  }

  // What each kind carries, checked now so that a proposal that passes can be carried out.
  private async payloadOf(kind: string, input: CreateProposalInput, organizationId: string, federation: boolean): Promise<ProposalPayload> {
    switch (kind) {
      case 'TEXT':
        return { kind: 'TEXT' };
      case 'REWARD_POLICY_CHANGE': {
        if (!input.policy) throw new InvalidInputError('policy', 'A policy change carries the new value equation as JSON.', 'REQUIRED');
        return { kind: 'REWARD_POLICY_CHANGE', policy: this.rewards.parsePolicySpec(input.policy).spec };
      }
      case 'TREASURY_SPEND':
        return this.spendOf(input, organizationId);
      case 'FACILITY_VERIFICATION': {
        const f = input.facility;
        if (!f) throw new InvalidInputError('facility', 'A verification proposal names the facility and the level.', 'REQUIRED');
        if (!federation) throw new InvalidInputError('kind', 'Facilities are verified by a federation of their peers, not by their own organization.', 'FEDERATION_ONLY');
        if (!(VERIFICATION_LEVELS as readonly string[]).includes(f.level)) throw new InvalidInputError('facility.level', `level is one of ${VERIFICATION_LEVELS.join(', ')}.`);
        const facility = await this.facilities.get(f.facilityId);
        if (!(await this.repo.federationMembers(organizationId)).includes(facility.organizationId)) throw new InvalidInputError('facility.facilityId', 'The facility belongs to no member organization of this federation.', 'NOT_A_MEMBER');
        if (facility.verificationLevel === f.level) throw new InvalidInputError('facility.level', `The facility is already ${f.level}.`, 'UNCHANGED');
        return { kind: 'FACILITY_VERIFICATION', facilityId: facility.id, level: f.level as VerificationLevel, reason: requireText('facility.reason', f.reason ?? '', 3, 2000, true) };
      }
      case 'MEMBERSHIP':
        return this.membershipOf(input, organizationId, federation);
      default:
        throw new InvalidInputError('kind', 'Unknown kind.');
    }
  }

  private async spendOf(input: CreateProposalInput, organizationId: string): Promise<ProposalPayload> {
    const s = input.spend;
    if (!s) throw new InvalidInputError('spend', 'A spend names the fund, the amount, the recipient and what it is for.', 'REQUIRED');
    if (!(FUNDS as readonly string[]).includes(s.fund)) throw new InvalidInputError('spend.fund', `fund is one of ${FUNDS.join(', ')}.`);
    const money = parseMoney('spend.amount', s.amount);
    if (money.amountMinor <= 0n) throw new InvalidInputError('spend.amount.amountMinor', 'A spend is more than zero.', 'NOT_POSITIVE');
    const memo = requireText('spend.memo', s.memo ?? '', 3, 500);
    let recipient: SpendRecipient;
    if (s.recipientDid && !s.recipientOrganizationId) {
      const [agent] = await this.agents.byDids([s.recipientDid.trim()]);
      if (!agent || agent.kind === 'EXTERNAL') throw new InvalidInputError('spend.recipientDid', 'The recipient is not a person or organization of this platform.', 'UNKNOWN_AGENT');
      recipient = { kind: 'AGENT', did: agent.did };
    } else if (s.recipientOrganizationId && !s.recipientDid) {
      const to = await this.organizations.get(s.recipientOrganizationId);
      const fund = (s.recipientFund ?? s.fund) as Fund;
      if (!(FUNDS as readonly string[]).includes(fund)) throw new InvalidInputError('spend.recipientFund', `recipientFund is one of ${FUNDS.join(', ')}.`);
      if (to.id === organizationId && fund === s.fund) throw new InvalidInputError('spend.recipientFund', 'A fund cannot pay itself.', 'SAME_FUND');
      recipient = { kind: 'FUND', organizationId: to.id, fund };
    } else throw new InvalidInputError('spend', 'Name one recipient: recipientDid, or recipientOrganizationId (with recipientFund).', 'ONE_RECIPIENT');
    return { kind: 'TREASURY_SPEND', fund: s.fund as Fund, amountMinor: money.amountMinor.toString(), currency: money.currency, recipient, memo };
  }

  private async membershipOf(input: CreateProposalInput, organizationId: string, federation: boolean): Promise<ProposalPayload> {
    const m = input.membership;
    if (!m || !['ADMIT', 'REMOVE'].includes(m.action)) throw new InvalidInputError('membership.action', 'A membership proposal ADMITs or REMOVEs a member.', 'REQUIRED');
    const action = m.action as 'ADMIT' | 'REMOVE';
    if (federation) {
      if (!m.organizationId) throw new InvalidInputError('membership.organizationId', 'A federation’s members are organizations: name one.', 'REQUIRED');
      const member = await this.organizations.get(m.organizationId);
      if (member.kind === 'FEDERATION' || member.id === organizationId) throw new InvalidInputError('membership.organizationId', 'A federation joins no federation.', 'INVALID');
      const members = await this.repo.federationMembers(organizationId);
      if (action === 'ADMIT' && members.includes(member.id)) throw new InvalidInputError('membership.organizationId', 'Already a member.', 'ALREADY_MEMBER');
      if (action === 'REMOVE' && !members.includes(member.id)) throw new InvalidInputError('membership.organizationId', 'Not a member.', 'NOT_A_MEMBER');
      return { kind: 'MEMBERSHIP', action, organizationId: member.id };
    }
    const role = (m.role ?? 'MEMBER') as 'MEMBER' | 'TREASURER' | 'ADMIN';
    if (!['MEMBER', 'TREASURER', 'ADMIN'].includes(role)) throw new InvalidInputError('membership.role', 'role is MEMBER, TREASURER or ADMIN.');
    const account = action === 'ADMIT' ? (m.email ? await this.accounts.findByEmail(m.email) : null) : m.accountId && isUuid(m.accountId) ? await this.accounts.findById(m.accountId) : null;
    if (!account) throw new InvalidInputError(action === 'ADMIT' ? 'membership.email' : 'membership.accountId', action === 'ADMIT' ? 'Admit someone by the email of their account.' : 'Name the member to remove by account id.', 'UNKNOWN_ACCOUNT');
    const current = await this.organizations.membershipOf(account.id, organizationId);
    if (action === 'ADMIT' && current) throw new InvalidInputError('membership.email', 'Already a member.', 'ALREADY_MEMBER');
    if (action === 'REMOVE' && !current) throw new InvalidInputError('membership.accountId', 'Not a member.', 'NOT_A_MEMBER');
    return { kind: 'MEMBERSHIP', action, accountId: account.id, ...(action === 'ADMIT' && { role }) };
  }
}
