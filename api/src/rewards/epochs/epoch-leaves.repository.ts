import { Injectable } from '@nestjs/common';
import { sql as raw, type Selectable } from 'kysely';
import { hex } from '../../database/row-checks.js';
import { db, dbNow, Sql, type DB } from '../../database/sql.js';
import type { Tx } from '../../database/transaction.js';
import type { EpochLeaf, RewardDistributor, RewardEpoch } from '../rewards.types.js';
import { toEpoch, toLeaf } from './epoch-rows.js';

export interface EligibleBalance {
  accountId: string;
  ledgerAccountId: string;
  address: `0x${string}`;
  balanceMinor: bigint;
}

type BalanceRow = { ledger_account_id: string; account_id: string; balance: string } & Pick<Selectable<DB['account_wallets']>, 'address'>;

// What an epoch pays: the balances it gathers, its leaves (one per wallet, with its proof), and
// the claims made of them on chain.
@Injectable()
export class EpochLeavesRepository {
  constructor(private readonly sql: Sql) {}

  // People with a wallet linked on this chain and an unpaid balance of at least `min` (their
  // AGENT account in the currency), one row per person, in address order.
  async eligibleBalances(chainId: number, currency: string, min: bigint, tx?: Tx, limit?: number): Promise<EligibleBalance[]> {
    const rows = await this.sql.all(
      raw<BalanceRow>`SELECT l.id AS ledger_account_id, a.id AS account_id, w.address, b.balance::text AS balance
         FROM account_wallets w
         JOIN accounts a ON a.id = w.account_id
         JOIN ledger_accounts l ON l.kind = 'AGENT' AND l.owner_did = a.did AND l.currency = ${currency}
         CROSS JOIN LATERAL (SELECT coalesce(sum(e.amount_minor), 0) AS balance FROM ledger_entries e WHERE e.account_id = l.id) b
        WHERE w.chain_id = ${chainId} AND b.balance >= ${min.toString()}
        ORDER BY w.address
        LIMIT ${limit ?? null}`,
      tx,
    );
    return rows.map((r) => ({
      accountId: r.account_id,
      ledgerAccountId: r.ledger_account_id,
      address: hex(r.address, 'account_wallets.address'),
      balanceMinor: BigInt(r.balance),
    }));
  }

  async insertLeaves(tx: Tx, leaves: ReadonlyArray<Omit<EpochLeaf, 'claimTx' | 'claimedAt'>>): Promise<void> {
    // Chunked: a large epoch's parameters stay well under the protocol's limits.
    for (let i = 0; i < leaves.length; i += 5000) {
      const chunk = leaves.slice(i, i + 5000);
      await this.sql.run(
        raw`INSERT INTO reward_epoch_leaves (epoch_id, leaf, account_id, ledger_account_id, address, amount_minor, amount_units, proof)
         SELECT ${chunk[0]!.epochId}, l.leaf, l.account_id, l.ledger_account_id, l.address, l.amount_minor, l.amount_units, string_to_array(l.proof, ' ')
           FROM unnest(${chunk.map((l) => l.leaf)}::int[], ${chunk.map((l) => l.accountId)}::uuid[], ${chunk.map((l) => l.ledgerAccountId)}::uuid[],
                       ${chunk.map((l) => l.address)}::text[], ${chunk.map((l) => l.amountMinor.toString())}::bigint[],
                       ${chunk.map((l) => l.amountUnits.toString())}::numeric[], ${chunk.map((l) => l.proof.join(' '))}::text[])
                AS l(leaf, account_id, ledger_account_id, address, amount_minor, amount_units, proof)`,
        tx,
      );
    }
  }

  // The leaf an on-chain claim pays, locked, with its epoch.
  async leafForClaim(
    tx: Tx,
    d: RewardDistributor,
    epochNumber: number,
    address: string,
  ): Promise<(EpochLeaf & { epoch: RewardEpoch }) | null> {
    const row = await this.sql.first(
      db
        .selectFrom('reward_epoch_leaves as l')
        .innerJoin('reward_epochs as e', 'e.id', 'l.epoch_id')
        // The two tables share no column name, so one row reads as both.
        .selectAll('l')
        .selectAll('e')
        .where('e.chain_id', '=', d.chainId)
        .where('e.distributor', '=', d.address)
        .where('e.number', '=', epochNumber)
        .where('l.address', '=', address.toLowerCase())
        .forUpdate('l'),
      tx,
    );
    return row ? { ...toLeaf(row), epoch: toEpoch(row) } : null;
  }

  async markClaimed(tx: Tx, leaf: EpochLeaf, claim: { txHash: string; blockNumber: bigint; transactionId: string }): Promise<void> {
    await this.sql.run(
      db
        .updateTable('reward_epoch_leaves')
        .set({
          claim_tx: claim.txHash,
          claim_block: claim.blockNumber.toString(),
          claimed_at: dbNow(),
          claim_transaction_id: claim.transactionId,
        })
        .where('epoch_id', '=', leaf.epochId)
        .where('leaf', '=', leaf.leaf),
      tx,
    );
  }

  async leavesOfAccount(accountId: string): Promise<Array<EpochLeaf & { epoch: RewardEpoch }>> {
    const rows = await this.sql.all(
      db
        .selectFrom('reward_epoch_leaves as l')
        .innerJoin('reward_epochs as e', 'e.id', 'l.epoch_id')
        .selectAll('l')
        .selectAll('e')
        .where('l.account_id', '=', accountId)
        .orderBy('e.created_at', 'desc'),
    );
    return rows.map((r) => ({ ...toLeaf(r), epoch: toEpoch(r) }));
  }
}
