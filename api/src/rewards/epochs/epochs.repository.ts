import { Injectable } from '@nestjs/common';
import { sql as raw } from 'kysely';
import { db, Sql } from '../../database/sql.js';
import type { Tx } from '../../database/transaction.js';
import type { EpochStatus, RewardDistributor, RewardEpoch } from '../rewards.types.js';
import { toEpoch, type EpochRow } from './epoch-rows.js';

// Reward epochs and their publication on chain (their leaves: EpochLeavesRepository).
@Injectable()
export class EpochsRepository {
  constructor(private readonly sql: Sql) {}

  // The chain lost the distributor: every epoch of it not yet published is FAILED with the reason,
  // its stored transaction dropped (it named a contract that is not there), retried with the usual
  // backoff. Returns how many changed.
  async failEpochsOf(
    d: { chainId: number; address: string },
    reason: string,
    backoff: { retryBaseSeconds: number; retryMaxSeconds: number },
  ): Promise<number> {
    const rows = await this.sql.all(
      raw<Pick<EpochRow, 'id'>>`UPDATE reward_epochs
          SET status = 'FAILED', tx_hash = NULL, raw_tx = NULL, tx_nonce = NULL, last_error = ${reason}, attempts = attempts + 1,
              next_attempt_at = now() + make_interval(secs => least(${backoff.retryMaxSeconds}::float8, ${backoff.retryBaseSeconds}::float8 * power(2, least(attempts, 20))))
        WHERE chain_id = ${d.chainId} AND distributor = ${d.address} AND status <> 'PUBLISHED'
          AND NOT (status = 'FAILED' AND tx_hash IS NULL AND last_error IS NOT DISTINCT FROM ${reason})
        RETURNING id`,
    );
    return rows.length;
  }

  // Serialises epoch building per distributor (balances read, then debited).
  async lockEpochs(tx: Tx, d: RewardDistributor): Promise<void> {
    await this.sql.run(raw`SELECT pg_advisory_xact_lock(hashtextextended(${`${d.chainId}:${d.address}`}, 17))`, tx);
  }

  async lastEpoch(chainId: number, distributor: string | null, tx?: Tx): Promise<RewardEpoch | null> {
    let query = db.selectFrom('reward_epochs').selectAll().where('chain_id', '=', chainId);
    if (distributor !== null) query = query.where('distributor', '=', distributor);
    const row = await this.sql.first(query.orderBy('created_at', 'desc').orderBy('number', 'desc').limit(1), tx);
    return row ? toEpoch(row) : null;
  }

  async insertEpoch(
    tx: Tx,
    e: Omit<RewardEpoch, 'status' | 'txHash' | 'rawTx' | 'blockNumber' | 'publishedAt' | 'attempts' | 'lastError' | 'createdAt'>,
  ): Promise<RewardEpoch> {
    const row = await this.sql.first(
      db
        .insertInto('reward_epochs')
        .values({
          id: e.id,
          chain_id: e.chainId,
          distributor: e.distributor,
          number: e.number,
          token: e.token,
          token_decimals: e.tokenDecimals,
          currency: e.currency,
          root: e.root,
          leaves: e.leaves,
          total_minor: e.totalMinor.toString(),
          total_units: e.totalUnits.toString(),
          ledger_transaction_id: e.ledgerTransactionId,
          built_at_block: e.builtAtBlock?.toString() ?? null,
          status: 'BUILT',
        })
        .returningAll(),
      tx,
    );
    if (!row) throw new Error('reward_epochs insert returned no row');
    return toEpoch(row);
  }

  async findEpoch(id: string): Promise<RewardEpoch | null> {
    const row = await this.sql.first(db.selectFrom('reward_epochs').selectAll().where('id', '=', id));
    return row ? toEpoch(row) : null;
  }

  // Epochs the publishing loop still has work on: unpublished, and failed ones whose backoff ended.
  async epochsToAdvance(now: Date): Promise<RewardEpoch[]> {
    const rows = await this.sql.all(
      db
        .selectFrom('reward_epochs')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb('status', 'in', ['BUILT', 'AWAITING_FUNDS', 'SUBMITTED']),
            eb.and([eb('status', '=', 'FAILED'), eb('next_attempt_at', '<=', now)]),
          ]),
        )
        .orderBy('number'),
    );
    return rows.map(toEpoch);
  }

  // Stores a signed transaction unless another pass stored one first.
  async setSignedTx(id: string, previousHash: string | null, signed: { hash: string; raw: string; nonce: number }): Promise<boolean> {
    const rows = await this.sql.all(
      db
        .updateTable('reward_epochs')
        .set({ tx_hash: signed.hash, raw_tx: signed.raw, tx_nonce: signed.nonce, status: 'SUBMITTED' })
        .where('id', '=', id)
        .where('tx_hash', 'is not distinct from', previousHash)
        .returning('id'),
    );
    return rows.length === 1;
  }

  async setStatus(
    id: string,
    status: EpochStatus,
    opts: { lastError?: string | null; nextAttemptAt?: Date | null; bumpAttempts?: boolean; clearTx?: boolean } = {},
  ): Promise<void> {
    const clearTx = !!opts.clearTx;
    await this.sql.run(
      db
        .updateTable('reward_epochs')
        .set({
          status,
          last_error: raw<string | null>`CASE WHEN ${opts.lastError !== undefined} THEN ${opts.lastError ?? null} ELSE last_error END`,
          next_attempt_at: opts.nextAttemptAt ?? null,
          attempts: raw<number>`attempts + CASE WHEN ${!!opts.bumpAttempts} THEN 1 ELSE 0 END`,
          tx_hash: raw<string | null>`CASE WHEN ${clearTx} THEN NULL ELSE tx_hash END`,
          raw_tx: raw<string | null>`CASE WHEN ${clearTx} THEN NULL ELSE raw_tx END`,
          tx_nonce: raw<number | null>`CASE WHEN ${clearTx} THEN NULL ELSE tx_nonce END`,
        })
        .where('id', '=', id),
    );
  }

  async markPublished(id: string, p: { txHash: string; blockNumber: bigint; blockHash: string; publishedAt: Date }): Promise<void> {
    await this.sql.run(
      db
        .updateTable('reward_epochs')
        .set({
          status: 'PUBLISHED',
          tx_hash: p.txHash,
          block_number: p.blockNumber.toString(),
          block_hash: p.blockHash,
          published_at: p.publishedAt,
          last_error: null,
          next_attempt_at: null,
        })
        .where('id', '=', id),
    );
  }

  // Token units the distributor must hold for every epoch it was given, less what was claimed.
  async outstandingUnits(d: RewardDistributor): Promise<bigint> {
    const row = await this.sql.first(
      raw<{ units: string }>`SELECT
         (SELECT coalesce(sum(total_units), 0) FROM reward_epochs WHERE chain_id = ${d.chainId} AND distributor = ${d.address})
         - (SELECT coalesce(sum(l.amount_units), 0) FROM reward_epoch_leaves l JOIN reward_epochs e ON e.id = l.epoch_id
             WHERE e.chain_id = ${d.chainId} AND e.distributor = ${d.address} AND l.claim_tx IS NOT NULL) AS units`,
    );
    // A numeric difference of whole units (any scale the sum carries is zeros).
    return BigInt((row?.units ?? '0').split('.')[0]!);
  }

  async firstPublishedBlock(d: RewardDistributor): Promise<bigint | null> {
    const row = await this.sql.first(
      db
        .selectFrom('reward_epochs')
        .select(raw<string | null>`min(block_number)::text`.as('b'))
        .where('chain_id', '=', d.chainId)
        .where('distributor', '=', d.address)
        .where('status', '=', 'PUBLISHED'),
    );
    return row?.b ? BigInt(row.b) : null;
  }

  async countEpochs(): Promise<number> {
    const row = await this.sql.first(db.selectFrom('reward_epochs').select(raw<number>`count(*)::int`.as('n')));
    return Number(row?.n ?? 0);
  }

  // Newest first, keyset on the epoch's creation order, with what was claimed of each.
  async epochs(
    limit: number,
    before?: { createdAt: Date; id: string },
  ): Promise<Array<RewardEpoch & { claimedMinor: bigint; claims: number }>> {
    const after = before ? raw`(e.created_at, e.id) < (${before.createdAt}, ${before.id}::uuid)` : raw`true`;
    const rows = await this.sql.all(
      raw<EpochRow & { claimed_minor: string; claims: number }>`SELECT e.*, c.claimed::text AS claimed_minor, c.claims
         FROM reward_epochs e
         CROSS JOIN LATERAL (SELECT coalesce(sum(amount_minor), 0) AS claimed, count(*)::int AS claims
                               FROM reward_epoch_leaves l WHERE l.epoch_id = e.id AND l.claim_tx IS NOT NULL) c
        WHERE ${after}
        ORDER BY e.created_at DESC, e.id DESC LIMIT ${limit}`,
    );
    return rows.map((r) => ({ ...toEpoch(r), claimedMinor: BigInt(r.claimed_minor), claims: Number(r.claims) }));
  }
}
