// ProposalsService over auto-mocked collaborators and the real AccessService (its specs share this).
import { anOrganization, aProposal } from './domain-factories.js';
import { fakeKindRegistry } from './governance-unit.js';
import { fakeUnitOfWork, mock } from './unit.js';
import { AccessService, type MembershipLookup } from '../../api/src/access/access.service.js';
import type { Role } from '../../api/src/access/principal.js';
import type { Viewer } from '../../api/src/common/auth/viewer.js';
import type { AppConfig } from '../../api/src/config/config.js';
import type { ContributionRecord } from '../../api/src/contributions/contributions.types.js';
import type { RecordWriter } from '../../api/src/contributions/record-writer.js';
import type { AgentDirectory } from '../../api/src/identity/agent-directory.js';
import type { OrganizationsService } from '../../api/src/identity/organizations.service.js';
import type { IdempotencyService } from '../../api/src/idempotency/idempotency.service.js';
import type { OutboxRepository } from '../../api/src/outbox/outbox.repository.js';
import type { GovernanceRepository } from '../../api/src/governance/governance.repository.js';
import type { ProposalsRepository } from '../../api/src/governance/proposals.repository.js';
import type { VotesRepository } from '../../api/src/governance/votes.repository.js';
import type { Proposal, Vote } from '../../api/src/governance/governance.types.js';
import { ProposalsService, type CreateProposalInput } from '../../api/src/governance/proposals.service.js';

export const VIEWER: Viewer = { accountId: '7e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b' };
export const VIEWER_DID = 'did:key:z6MkVoter';
export const COOP = anOrganization();
export const FEDERATION = anOrganization({ kind: 'FEDERATION', did: 'did:key:z6MkFederation' });
export const MEMBER_ORG = anOrganization({ did: 'did:key:z6MkMemberOrg' });
export const NOW = new Date('2026-06-01T12:00:00Z');

export function setup(memberships: Array<{ organizationId: string; role: Role }> = []) {
  const proposals = mock<ProposalsRepository>();
  const votes = mock<VotesRepository>();
  const members = mock<GovernanceRepository>();
  const organizations = mock<OrganizationsService>();
  const agents = mock<AgentDirectory>();
  const records = mock<RecordWriter>();
  const outbox = mock<OutboxRepository>();
  const idempotency = mock<IdempotencyService>();
  const lookup = mock<MembershipLookup>();
  lookup.membershipsOf.mockResolvedValue(memberships);
  const { uow, runs } = fakeUnitOfWork();
  const orgs = new Map([COOP, FEDERATION, MEMBER_ORG].map((o) => [o.id, o]));
  organizations.get.mockImplementation(async (id) => orgs.get(id)!);
  agents.didOfAccount.mockResolvedValue(VIEWER_DID);
  records.append.mockResolvedValue({ id: 'record-cid' } as ContributionRecord);
  members.memberAccounts.mockResolvedValue(['a1', 'a2', VIEWER.accountId]);
  members.federationMembers.mockResolvedValue([MEMBER_ORG.id]);
  proposals.insertProposal.mockImplementation(async (_tx, p) => aProposal({ ...p, createdAt: NOW }) as Proposal);
  proposals.inElectorate.mockResolvedValue(true);
  votes.lockVote.mockResolvedValue(null);
  votes.upsertVote.mockImplementation(async (_tx, v) => ({ ...v, changes: 0, castAt: NOW }) as Vote);
  idempotency.replay.mockResolvedValue(null);
  idempotency.transaction.mockImplementation((_request, work) => uow.run(async (tx) => (await work(tx)).result) as never);
  const config = { governance: { minVotingSeconds: 3600, defaultVotingSeconds: 7 * 86_400 } } as AppConfig;
  const service = new ProposalsService(
    proposals,
    votes,
    members,
    organizations,
    agents,
    fakeKindRegistry(),
    records,
    outbox,
    uow,
    config,
    idempotency,
    new AccessService(lookup),
  );
  return { service, proposals, votes, members, records, outbox, runs };
}
export type Setup = ReturnType<typeof setup>;

export const proposalInput = (over: Partial<CreateProposalInput> = {}): CreateProposalInput =>
  ({ organizationId: COOP.id, kind: 'TEXT', title: 'Open on Saturdays?', ...over }) as CreateProposalInput;
