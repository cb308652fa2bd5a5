import { Injectable } from '@nestjs/common';
import type { Selectable } from 'kysely';
import { present } from '../database/row-checks.js';
import { db, dbNow, Sql, type DB } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';
import type { Vote } from './governance.types.js';

export interface SpendApproval {
  proposalId: string;
  accountId: string;
  recordId: string;
  approvedAt: Date;
}

const toVote = (r: Selectable<DB['votes']>): Vote => ({
  proposalId: r.proposal_id,
  voterId: r.voter_id,
  castBy: r.cast_by,
  option: r.option,
  reason: r.reason,
  recordId: r.record_id,
  changes: r.changes,
  castAt: new Date(r.cast_at),
});

const toApproval = (r: Selectable<DB['spend_approvals']>): SpendApproval => ({
  proposalId: r.proposal_id,
  accountId: r.account_id,
  recordId: r.record_id,
  approvedAt: new Date(r.approved_at),
});

const votes = () => db.selectFrom('votes').selectAll();

// Votes on proposals, and treasurers' approvals of spends.
@Injectable()
export class VotesRepository {
  constructor(private readonly sql: Sql) {}

  async lockVote(tx: Tx, proposalId: string, voterId: string): Promise<Vote | null> {
    const row = await this.sql.first(votes().where('proposal_id', '=', proposalId).where('voter_id', '=', voterId).forUpdate(), tx);
    return row ? toVote(row) : null;
  }

  // A first vote, or a change of it (ON CONFLICT: two first votes at once become a vote and a change).
  async upsertVote(tx: Tx, v: Omit<Vote, 'changes' | 'castAt'>): Promise<Vote> {
    const row = await this.sql.first(
      db
        .insertInto('votes')
        .values({
          proposal_id: v.proposalId,
          voter_id: v.voterId,
          cast_by: v.castBy,
          option: v.option,
          reason: v.reason,
          record_id: v.recordId,
        })
        .onConflict((oc) =>
          oc.columns(['proposal_id', 'voter_id']).doUpdateSet((eb) => ({
            cast_by: eb.ref('excluded.cast_by'),
            option: eb.ref('excluded.option'),
            reason: eb.ref('excluded.reason'),
            record_id: eb.ref('excluded.record_id'),
            changes: eb('votes.changes', '+', 1),
            cast_at: dbNow(),
          })),
        )
        .returningAll(),
      tx,
    );
    return toVote(present(row, 'upserted vote'));
  }

  async votesOf(proposalId: string, tx?: Tx): Promise<Vote[]> {
    const rows = await this.sql.all(votes().where('proposal_id', '=', proposalId).orderBy('cast_at').orderBy('voter_id'), tx);
    return rows.map(toVote);
  }

  async votesOfProposals(proposalIds: readonly string[]): Promise<Vote[]> {
    if (!proposalIds.length) return [];
    const rows = await this.sql.all(
      votes()
        .where('proposal_id', 'in', [...proposalIds])
        .orderBy('cast_at')
        .orderBy('voter_id'),
    );
    return rows.map(toVote);
  }

  async insertApproval(tx: Tx, a: { proposalId: string; accountId: string; recordId: string }): Promise<boolean> {
    const row = await this.sql.first(
      db
        .insertInto('spend_approvals')
        .values({ proposal_id: a.proposalId, account_id: a.accountId, record_id: a.recordId })
        .onConflict((oc) => oc.doNothing())
        .returning('account_id'),
      tx,
    );
    return row !== null;
  }

  async approvalsOf(proposalIds: readonly string[], tx?: Tx): Promise<SpendApproval[]> {
    if (!proposalIds.length) return [];
    const rows = await this.sql.all(
      db
        .selectFrom('spend_approvals')
        .selectAll()
        .where('proposal_id', 'in', [...proposalIds])
        .orderBy('approved_at'),
      tx,
    );
    return rows.map(toApproval);
  }
}
