import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { managerOf, returnedRows, type Tx } from '../database/transaction.js';
import type {
  DecisionRule,
  Proposal,
  ProposalKindName,
  ProposalPayload,
  ProposalStatus,
  Tally,
  TreasuryRules,
  Vote,
} from './governance.types.js';

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

const toProposal = (r: Record<string, unknown>): Proposal => ({
  id: r.id as string,
  organizationId: r.organization_id as string,
  kind: r.kind as ProposalKindName,
  title: r.title as string,
  body: r.body as string,
  options: r.options as string[],
  decisionRule: r.decision_rule as DecisionRule,
  quorumBps: Number(r.quorum_bps),
  payload: json<ProposalPayload>(r.payload),
  electorate: Number(r.electorate),
  votingStartsAt: new Date(r.voting_starts_at as string),
  votingEndsAt: new Date(r.voting_ends_at as string),
  status: r.status as ProposalStatus,
  tally: r.tally === null ? null : json<Tally>(r.tally),
  quorumReached: (r.quorum_reached as boolean | null) ?? null,
  outcome: (r.outcome as string | null) ?? null,
  execution: r.execution === null ? null : json<Record<string, unknown>>(r.execution),
  executionError: (r.execution_error as string | null) ?? null,
  createdBy: r.created_by as string,
  createdAt: new Date(r.created_at as string),
  closedAt: r.closed_at ? new Date(r.closed_at as string) : null,
  executedAt: r.executed_at ? new Date(r.executed_at as string) : null,
});

const toVote = (r: Record<string, unknown>): Vote => ({
  proposalId: r.proposal_id as string,
  voterId: r.voter_id as string,
  castBy: r.cast_by as string,
  option: r.option as string,
  reason: (r.reason as string | null) ?? null,
  recordId: r.record_id as string,
  changes: Number(r.changes),
  castAt: new Date(r.cast_at as string),
});

@Injectable()
export class GovernanceRepository {
  constructor(private readonly dataSource: DataSource) {}

  // A proposal and its electorate (account ids, or member organization ids in a federation).
  async insertProposal(
    tx: Tx,
    p: Omit<
      Proposal,
      'tally' | 'quorumReached' | 'outcome' | 'execution' | 'executionError' | 'createdAt' | 'closedAt' | 'executedAt' | 'electorate'
    >,
    electorate: readonly string[],
  ): Promise<Proposal> {
    const m = managerOf(this.dataSource, tx);
    const rows = await m.query(
      `INSERT INTO proposals (id, organization_id, kind, title, body, options, decision_rule, quorum_bps, payload, electorate, voting_starts_at, voting_ends_at, status, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING *`,
      [
        p.id,
        p.organizationId,
        p.kind,
        p.title,
        p.body,
        p.options,
        p.decisionRule,
        p.quorumBps,
        JSON.stringify(p.payload),
        electorate.length,
        p.votingStartsAt,
        p.votingEndsAt,
        p.status,
        p.createdBy,
      ],
    );
    if (electorate.length)
      await m.query('INSERT INTO proposal_electorate (proposal_id, voter_id) SELECT $1, unnest($2::uuid[])', [p.id, electorate]);
    return toProposal(rows[0]);
  }

  async findProposal(id: string, tx?: Tx): Promise<Proposal | null> {
    const rows = await managerOf(this.dataSource, tx).query('SELECT * FROM proposals WHERE id = $1', [id]);
    return rows[0] ? toProposal(rows[0]) : null;
  }

  // FOR SHARE: votes on a proposal go ahead together, the close (FOR UPDATE) waits for them.
  async lockProposal(tx: Tx, id: string, mode: 'SHARE' | 'UPDATE'): Promise<Proposal | null> {
    const rows = await managerOf(this.dataSource, tx).query(
      `SELECT * FROM proposals WHERE id = $1 FOR ${mode === 'SHARE' ? 'SHARE' : 'UPDATE'}`,
      [id],
    );
    return rows[0] ? toProposal(rows[0]) : null;
  }

  async updateProposal(
    tx: Tx,
    id: string,
    patch: {
      status: ProposalStatus;
      tally?: Tally;
      quorumReached?: boolean;
      outcome?: string | null;
      execution?: Record<string, unknown>;
      executionError?: string | null;
      closed?: boolean;
      executed?: boolean;
    },
  ): Promise<Proposal> {
    const rows = await managerOf(this.dataSource, tx).query(
      `UPDATE proposals SET status = $2,
              tally = coalesce($3::jsonb, tally),
              quorum_reached = coalesce($4, quorum_reached),
              outcome = CASE WHEN $5 THEN $6 ELSE outcome END,
              execution = coalesce($7::jsonb, execution),
              execution_error = CASE WHEN $8 THEN $9 ELSE execution_error END,
              closed_at = CASE WHEN $10 THEN now() ELSE closed_at END,
              executed_at = CASE WHEN $11 THEN now() ELSE executed_at END
        WHERE id = $1 RETURNING *`,
      [
        id,
        patch.status,
        patch.tally ? JSON.stringify(patch.tally) : null,
        patch.quorumReached ?? null,
        patch.outcome !== undefined,
        patch.outcome ?? null,
        patch.execution ? JSON.stringify(patch.execution) : null,
        patch.executionError !== undefined,
        patch.executionError ?? null,
        !!patch.closed,
        !!patch.executed,
      ],
    );
    return toProposal(returnedRows(rows)[0]!);
  }

  // Newest first, keyset on (created_at, id).
  async proposalsOf(
    organizationId: string,
    status: ProposalStatus | null,
    limit: number,
    before?: { createdAt: Date; id: string },
  ): Promise<Proposal[]> {
    const rows = await this.dataSource.query(
      `SELECT * FROM proposals WHERE organization_id = $1 AND ($2::text IS NULL OR status = $2)
          AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $5`,
      [organizationId, status, before?.createdAt ?? null, before?.id ?? null, limit],
    );
    return rows.map(toProposal);
  }

  async countProposals(organizationId: string, status: ProposalStatus | null): Promise<number> {
    const [row] = await this.dataSource.query(
      'SELECT count(*)::int AS n FROM proposals WHERE organization_id = $1 AND ($2::text IS NULL OR status = $2)',
      [organizationId, status],
    );
    return row.n;
  }

  // Open proposals whose window is open now, where one of these voters is in the electorate and
  // has not voted: voter ids are the account and the organizations it may vote for.
  async awaitingVotes(voterIds: readonly string[], now: Date): Promise<Array<Proposal & { voterId: string }>> {
    if (!voterIds.length) return [];
    const rows = await this.dataSource.query(
      `SELECT p.*, e.voter_id AS awaiting_voter FROM proposals p JOIN proposal_electorate e ON e.proposal_id = p.id
        WHERE e.voter_id = ANY($1) AND p.status = 'OPEN' AND p.voting_starts_at <= $2 AND p.voting_ends_at > $2
          AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.proposal_id = p.id AND v.voter_id = e.voter_id)
        ORDER BY p.voting_ends_at, p.id`,
      [voterIds, now],
    );
    return rows.map((r: Record<string, unknown>) => ({ ...toProposal(r), voterId: r.awaiting_voter as string }));
  }

  // Open proposals whose window has ended (the close job's safety net).
  async overdue(now: Date, limit: number): Promise<string[]> {
    const rows = await this.dataSource.query(
      `SELECT id FROM proposals WHERE status = 'OPEN' AND voting_ends_at <= $1 ORDER BY voting_ends_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((r: { id: string }) => r.id);
  }

  async inElectorate(tx: Tx, proposalId: string, voterId: string): Promise<boolean> {
    const rows = await managerOf(this.dataSource, tx).query('SELECT 1 FROM proposal_electorate WHERE proposal_id = $1 AND voter_id = $2', [
      proposalId,
      voterId,
    ]);
    return rows.length === 1;
  }

  async lockVote(tx: Tx, proposalId: string, voterId: string): Promise<Vote | null> {
    const rows = await managerOf(this.dataSource, tx).query('SELECT * FROM votes WHERE proposal_id = $1 AND voter_id = $2 FOR UPDATE', [
      proposalId,
      voterId,
    ]);
    return rows[0] ? toVote(rows[0]) : null;
  }

  // A first vote, or a change of it (ON CONFLICT: two first votes at once become a vote and a change).
  async upsertVote(tx: Tx, v: Omit<Vote, 'changes' | 'castAt'>): Promise<Vote> {
    const rows = await managerOf(this.dataSource, tx).query(
      `INSERT INTO votes (proposal_id, voter_id, cast_by, option, reason, record_id) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (proposal_id, voter_id) DO UPDATE SET cast_by = EXCLUDED.cast_by, option = EXCLUDED.option, reason = EXCLUDED.reason,
         record_id = EXCLUDED.record_id, changes = votes.changes + 1, cast_at = now()
       RETURNING *`,
      [v.proposalId, v.voterId, v.castBy, v.option, v.reason, v.recordId],
    );
    return toVote(rows[0]);
  }

  async votesOf(proposalId: string, tx?: Tx): Promise<Vote[]> {
    const rows = await managerOf(this.dataSource, tx).query('SELECT * FROM votes WHERE proposal_id = $1 ORDER BY cast_at, voter_id', [
      proposalId,
    ]);
    return rows.map(toVote);
  }

  async votesOfProposals(proposalIds: readonly string[]): Promise<Vote[]> {
    if (!proposalIds.length) return [];
    const rows = await this.dataSource.query('SELECT * FROM votes WHERE proposal_id = ANY($1) ORDER BY cast_at, voter_id', [proposalIds]);
    return rows.map(toVote);
  }

  async insertApproval(tx: Tx, a: { proposalId: string; accountId: string; recordId: string }): Promise<boolean> {
    const rows = await managerOf(this.dataSource, tx).query(
      'INSERT INTO spend_approvals (proposal_id, account_id, record_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING account_id',
      [a.proposalId, a.accountId, a.recordId],
    );
    return returnedRows(rows).length === 1;
  }

  async approvalsOf(
    proposalIds: readonly string[],
    tx?: Tx,
  ): Promise<Array<{ proposalId: string; accountId: string; recordId: string; approvedAt: Date }>> {
    if (!proposalIds.length) return [];
    const rows = await managerOf(this.dataSource, tx).query(
      'SELECT * FROM spend_approvals WHERE proposal_id = ANY($1) ORDER BY approved_at',
      [proposalIds],
    );
    return rows.map((r: Record<string, string>) => ({
      proposalId: r.proposal_id,
      accountId: r.account_id,
      recordId: r.record_id,
      approvedAt: new Date(r.approved_at),
    }));
  }

  async treasuryRules(organizationId: string, tx?: Tx): Promise<Omit<TreasuryRules, 'isDefault'> | null> {
    const rows = await managerOf(this.dataSource, tx).query('SELECT * FROM treasury_rules WHERE organization_id = $1', [organizationId]);
    const r = rows[0];
    return r
      ? {
          organizationId,
          approvalsRequired: Number(r.approvals_required),
          approvalThresholdMinor: BigInt(r.approval_threshold_minor),
          approvalThresholdCurrency: r.approval_threshold_currency ?? null,
          approvalsAloneBelow: r.approvals_alone_below,
        }
      : null;
  }

  async upsertTreasuryRules(tx: Tx, rules: Omit<TreasuryRules, 'isDefault'>, by: string): Promise<void> {
    await managerOf(this.dataSource, tx).query(
      `INSERT INTO treasury_rules (organization_id, approvals_required, approval_threshold_minor, approval_threshold_currency, approvals_alone_below, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (organization_id) DO UPDATE SET approvals_required = EXCLUDED.approvals_required, approval_threshold_minor = EXCLUDED.approval_threshold_minor,
         approval_threshold_currency = EXCLUDED.approval_threshold_currency, approvals_alone_below = EXCLUDED.approvals_alone_below, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [
        rules.organizationId,
        rules.approvalsRequired,
        rules.approvalThresholdMinor.toString(),
        rules.approvalThresholdCurrency,
        rules.approvalsAloneBelow,
        by,
      ],
    );
  }

  async federationMembers(federationId: string, tx?: Tx): Promise<string[]> {
    const rows = await managerOf(this.dataSource, tx).query(
      'SELECT organization_id FROM federation_members WHERE federation_id = $1 ORDER BY joined_at, organization_id',
      [federationId],
    );
    return rows.map((r: { organization_id: string }) => r.organization_id);
  }

  async addFederationMember(tx: Tx, federationId: string, organizationId: string): Promise<boolean> {
    const rows = await managerOf(this.dataSource, tx).query(
      'INSERT INTO federation_members (federation_id, organization_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING organization_id',
      [federationId, organizationId],
    );
    return returnedRows(rows).length === 1;
  }

  async removeFederationMember(tx: Tx, federationId: string, organizationId: string): Promise<boolean> {
    const rows = await managerOf(this.dataSource, tx).query(
      'DELETE FROM federation_members WHERE federation_id = $1 AND organization_id = $2 RETURNING organization_id',
      [federationId, organizationId],
    );
    return returnedRows(rows).length === 1;
  }

  // Account ids of an organization's members (any role), for the electorate.
  async memberAccounts(tx: Tx, organizationId: string): Promise<string[]> {
    const rows = await managerOf(this.dataSource, tx).query(
      'SELECT account_id FROM memberships WHERE organization_id = $1 ORDER BY account_id',
      [organizationId],
    );
    return rows.map((r: { account_id: string }) => r.account_id);
  }

  // Treasury spends are serialised per organization, fund and currency: the balance is checked
  // and the transfer posted under this lock.
  async lockFund(tx: Tx, organizationId: string, fund: string, currency: string): Promise<void> {
    await managerOf(this.dataSource, tx).query('SELECT pg_advisory_xact_lock(hashtextextended($1, 19))', [
      `${organizationId}:${fund}:${currency}`,
    ]);
  }

  // Executed spends of an organization, newest first, with their ledger transactions.
  async executedSpends(organizationId: string, limit: number): Promise<Proposal[]> {
    const rows = await this.dataSource.query(
      `SELECT * FROM proposals WHERE organization_id = $1 AND kind = 'TREASURY_SPEND' AND status = 'EXECUTED' ORDER BY executed_at DESC, id DESC LIMIT $2`,
      [organizationId, limit],
    );
    return rows.map(toProposal);
  }

  // A binding proposal's execution runs under a savepoint, so a decision that can no longer be
  // carried out (a fund too small, the last admin) is recorded as failed with nothing moved.
  async savepoint(tx: Tx): Promise<void> {
    await managerOf(this.dataSource, tx).query('SAVEPOINT proposal_execution');
  }

  async rollbackToSavepoint(tx: Tx): Promise<void> {
    await managerOf(this.dataSource, tx).query('ROLLBACK TO SAVEPOINT proposal_execution');
  }

  async releaseSavepoint(tx: Tx): Promise<void> {
    await managerOf(this.dataSource, tx).query('RELEASE SAVEPOINT proposal_execution');
  }
}
