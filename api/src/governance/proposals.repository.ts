import { Injectable } from '@nestjs/common';
import { sql as raw } from 'kysely';
import { present } from '../database/row-checks.js';
import { db, dbNow, Sql } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';
import type { Proposal, ProposalStatus, Tally } from './governance.types.js';
import { toProposal } from './proposal-rows.js';

export type NewProposal = Omit<
  Proposal,
  'tally' | 'quorumReached' | 'outcome' | 'execution' | 'executionError' | 'createdAt' | 'closedAt' | 'executedAt' | 'electorate'
>;

export interface ProposalPatch {
  status: ProposalStatus;
  tally?: Tally;
  quorumReached?: boolean;
  outcome?: string | null;
  execution?: Record<string, unknown>;
  executionError?: string | null;
  closed?: boolean;
  executed?: boolean;
}

const proposals = () => db.selectFrom('proposals').selectAll();

// Proposals and their electorates.
@Injectable()
export class ProposalsRepository {
  constructor(private readonly sql: Sql) {}

  // A proposal and its electorate (account ids, or member organization ids in a federation).
  async insertProposal(tx: Tx, p: NewProposal, electorate: readonly string[]): Promise<Proposal> {
    const row = await this.sql.first(
      db
        .insertInto('proposals')
        .values({
          id: p.id,
          organization_id: p.organizationId,
          kind: p.kind,
          title: p.title,
          body: p.body,
          options: p.options,
          decision_rule: p.decisionRule,
          quorum_bps: p.quorumBps,
          payload: JSON.stringify(p.payload),
          electorate: electorate.length,
          voting_starts_at: p.votingStartsAt,
          voting_ends_at: p.votingEndsAt,
          status: p.status,
          created_by: p.createdBy,
        })
        .returningAll(),
      tx,
    );
    if (electorate.length)
      await this.sql.run(
        raw`INSERT INTO proposal_electorate (proposal_id, voter_id) SELECT ${p.id}, unnest(${[...electorate]}::uuid[])`,
        tx,
      );
    return toProposal(present(row, 'inserted proposal'));
  }

  async findProposal(id: string, tx?: Tx): Promise<Proposal | null> {
    const row = await this.sql.first(proposals().where('id', '=', id), tx);
    return row ? toProposal(row) : null;
  }

  // FOR SHARE: votes on a proposal go ahead together, the close (FOR UPDATE) waits for them.
  async lockProposal(tx: Tx, id: string, mode: 'SHARE' | 'UPDATE'): Promise<Proposal | null> {
    const query = proposals().where('id', '=', id);
    const row = await this.sql.first(mode === 'SHARE' ? query.forShare() : query.forUpdate(), tx);
    return row ? toProposal(row) : null;
  }

  // Sets the status, and each other field the patch names.
  async updateProposal(tx: Tx, id: string, patch: ProposalPatch): Promise<Proposal> {
    const row = await this.sql.first(
      db
        .updateTable('proposals')
        .set({
          status: patch.status,
          ...(patch.tally && { tally: JSON.stringify(patch.tally) }),
          ...(patch.quorumReached !== undefined && { quorum_reached: patch.quorumReached }),
          ...(patch.outcome !== undefined && { outcome: patch.outcome }),
          ...(patch.execution && { execution: JSON.stringify(patch.execution) }),
          ...(patch.executionError !== undefined && { execution_error: patch.executionError }),
          ...(patch.closed && { closed_at: dbNow() }),
          ...(patch.executed && { executed_at: dbNow() }),
        })
        .where('id', '=', id)
        .returningAll(),
      tx,
    );
    return toProposal(present(row, `proposal ${id}`));
  }

  // Newest first, keyset on (created_at, id).
  async proposalsOf(
    organizationId: string,
    status: ProposalStatus | null,
    limit: number,
    before?: { createdAt: Date; id: string },
  ): Promise<Proposal[]> {
    let query = proposals().where('organization_id', '=', organizationId);
    if (status !== null) query = query.where('status', '=', status);
    if (before) query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(before.createdAt, before.id)));
    const rows = await this.sql.all(query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit));
    return rows.map(toProposal);
  }

  async countProposals(organizationId: string, status: ProposalStatus | null): Promise<number> {
    let query = db
      .selectFrom('proposals')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('organization_id', '=', organizationId);
    if (status !== null) query = query.where('status', '=', status);
    const row = await this.sql.first(query);
    return Number(row?.n ?? 0);
  }

  // Open proposals whose window is open now, where one of these voters is in the electorate and
  // has not voted: voter ids are the account and the organizations it may vote for.
  async awaitingVotes(voterIds: readonly string[], now: Date): Promise<Array<Proposal & { voterId: string }>> {
    if (!voterIds.length) return [];
    const rows = await this.sql.all(
      db
        .selectFrom('proposals as p')
        .innerJoin('proposal_electorate as e', 'e.proposal_id', 'p.id')
        .selectAll('p')
        .select('e.voter_id as awaiting_voter')
        .where('e.voter_id', 'in', voterIds)
        .where('p.status', '=', 'OPEN')
        .where('p.voting_starts_at', '<=', now)
        .where('p.voting_ends_at', '>', now)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('votes as v')
                .select('v.voter_id')
                .whereRef('v.proposal_id', '=', 'p.id')
                .whereRef('v.voter_id', '=', 'e.voter_id'),
            ),
          ),
        )
        .orderBy('p.voting_ends_at')
        .orderBy('p.id'),
    );
    return rows.map(({ awaiting_voter, ...r }) => ({ ...toProposal(r), voterId: awaiting_voter }));
  }

  // Open proposals whose window has ended (the close job's safety net).
  async overdue(now: Date, limit: number): Promise<string[]> {
    const rows = await this.sql.all(
      db
        .selectFrom('proposals')
        .select('id')
        .where('status', '=', 'OPEN')
        .where('voting_ends_at', '<=', now)
        .orderBy('voting_ends_at')
        .limit(limit),
    );
    return rows.map((r) => r.id);
  }

  async inElectorate(tx: Tx, proposalId: string, voterId: string): Promise<boolean> {
    const row = await this.sql.first(
      db.selectFrom('proposal_electorate').select('voter_id').where('proposal_id', '=', proposalId).where('voter_id', '=', voterId),
      tx,
    );
    return row !== null;
  }

  // A binding proposal's execution runs under a savepoint, so a decision that can no longer be
  // carried out (a fund too small, the last admin) is recorded as failed with nothing moved.
  async savepoint(tx: Tx): Promise<void> {
    await this.sql.run(raw`SAVEPOINT proposal_execution`, tx);
  }

  async rollbackToSavepoint(tx: Tx): Promise<void> {
    await this.sql.run(raw`ROLLBACK TO SAVEPOINT proposal_execution`, tx);
  }

  async releaseSavepoint(tx: Tx): Promise<void> {
    await this.sql.run(raw`RELEASE SAVEPOINT proposal_execution`, tx);
  }
}
