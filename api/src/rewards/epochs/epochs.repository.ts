import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { managerOf, returnedRows, type Tx } from '../../database/transaction.js';
import type { EpochLeaf, EpochStatus, RewardDistributor, RewardEpoch } from '../rewards.types.js';

const toEpoch = (r: Record<string, unknown>): RewardEpoch => ({
  id: r.id as string,
  chainId: Number(r.chain_id),
  distributor: r.distributor as `0x${string}`,
  number: Number(r.number),
  token: r.token as `0x${string}`,
  tokenDecimals: Number(r.token_decimals),
  currency: r.currency as string,
  root: r.root as `0x${string}`,
  leaves: Number(r.leaves),
  totalMinor: BigInt(r.total_minor as string),
  totalUnits: BigInt(r.total_units as string),
  ledgerTransactionId: r.ledger_transaction_id as string,
  builtAtBlock: r.built_at_block === null || r.built_at_block === undefined ? null : BigInt(r.built_at_block as string),
  status: r.status as EpochStatus,
  txHash: (r.tx_hash as `0x${string}` | null) ?? null,
  rawTx: (r.raw_tx as `0x${string}` | null) ?? null,
  blockNumber: r.block_number === null ? null : BigInt(r.block_number as string),
  publishedAt: r.published_at ? new Date(r.published_at as string) : null,
  attempts: Number(r.attempts),
  lastError: (r.last_error as string | null) ?? null,
  createdAt: new Date(r.created_at as string),
});

const toLeaf = (r: Record<string, unknown>): EpochLeaf => ({
  epochId: r.epoch_id as string,
  leaf: Number(r.leaf),
  accountId: r.account_id as string,
  ledgerAccountId: r.ledger_account_id as string,
  address: r.address as `0x${string}`,
  amountMinor: BigInt(r.amount_minor as string),
  amountUnits: BigInt(r.amount_units as string),
  proof: r.proof as `0x${string}`[],
  claimTx: (r.claim_tx as `0x${string}` | null) ?? null,
  claimedAt: r.claimed_at ? new Date(r.claimed_at as string) : null,
});

export interface EligibleBalance {
  accountId: string;
  ledgerAccountId: string;
  address: `0x${string}`;
  balanceMinor: bigint;
}

@Injectable()
export class EpochsRepository {
  constructor(private readonly dataSource: DataSource) {}

  // The chain lost the distributor: every epoch of it not yet published is FAILED with the reason,
  // its stored transaction dropped (it named a contract that is not there), retried with the usual
  // backoff. Returns how many changed.
  async failEpochsOf(
    d: { chainId: number; address: string },
    reason: string,
    backoff: { retryBaseSeconds: number; retryMaxSeconds: number },
  ): Promise<number> {
    const result = await this.dataSource.query(
      `UPDATE reward_epochs SET status = 'FAILED', tx_hash = NULL, raw_tx = NULL, tx_nonce = NULL, last_error = $3, attempts = attempts + 1,
              next_attempt_at = now() + make_interval(secs => least($5::float8, $4::float8 * power(2, least(attempts, 20))))
        WHERE chain_id = $1 AND distributor = $2 AND status <> 'PUBLISHED' AND NOT (status = 'FAILED' AND tx_hash IS NULL AND last_error IS NOT DISTINCT FROM $3)
        RETURNING id`,
      [d.chainId, d.address, reason, backoff.retryBaseSeconds, backoff.retryMaxSeconds],
    );
    return returnedRows(result).length;
  }

  async claimsScannedTo(d: RewardDistributor): Promise<bigint | null> {
    const [row] = await this.dataSource.query(
      'SELECT claims_scanned_to::text AS b FROM reward_distributors WHERE chain_id = $1 AND address = $2',
      [d.chainId, d.address],
    );
    return row?.b ? BigInt(row.b) : null;
  }

  async setClaimsScannedTo(tx: Tx, d: RewardDistributor, block: bigint): Promise<void> {
    await managerOf(this.dataSource, tx).query(
      'UPDATE reward_distributors SET claims_scanned_to = $3 WHERE chain_id = $1 AND address = $2',
      [d.chainId, d.address, block.toString()],
    );
  }

  // Serialises epoch building per distributor (balances read, then debited).
  async lockEpochs(tx: Tx, d: RewardDistributor): Promise<void> {
    await managerOf(this.dataSource, tx).query('SELECT pg_advisory_xact_lock(hashtextextended($1, 17))', [`${d.chainId}:${d.address}`]);
  }

  async lastEpoch(chainId: number, distributor: string | null, tx?: Tx): Promise<RewardEpoch | null> {
    const rows = await managerOf(this.dataSource, tx).query(
      `SELECT * FROM reward_epochs WHERE chain_id = $1 AND ($2::text IS NULL OR distributor = $2) ORDER BY created_at DESC, number DESC LIMIT 1`,
      [chainId, distributor],
    );
    return rows[0] ? toEpoch(rows[0]) : null;
  }

  // People with a wallet linked on this chain and an unpaid balance of at least `min` (their
  // AGENT account in the currency), one row per person, in address order.
  async eligibleBalances(chainId: number, currency: string, min: bigint, tx?: Tx, limit?: number): Promise<EligibleBalance[]> {
    const rows = await managerOf(this.dataSource, tx).query(
      `SELECT l.id AS ledger_account_id, a.id AS account_id, w.address, b.balance::text AS balance
         FROM account_wallets w
         JOIN accounts a ON a.id = w.account_id
         JOIN ledger_accounts l ON l.kind = 'AGENT' AND l.owner_did = a.did AND l.currency = $2
         CROSS JOIN LATERAL (SELECT coalesce(sum(e.amount_minor), 0) AS balance FROM ledger_entries e WHERE e.account_id = l.id) b
        WHERE w.chain_id = $1 AND b.balance >= $3
        ORDER BY w.address
        LIMIT $4`,
      [chainId, currency, min.toString(), limit ?? null],
    );
    return rows.map((r: Record<string, string>) => ({
      accountId: r.account_id,
      ledgerAccountId: r.ledger_account_id,
      address: r.address as `0x${string}`,
      balanceMinor: BigInt(r.balance),
    }));
  }

  async insertEpoch(
    tx: Tx,
    e: Omit<RewardEpoch, 'status' | 'txHash' | 'rawTx' | 'blockNumber' | 'publishedAt' | 'attempts' | 'lastError' | 'createdAt'>,
  ): Promise<RewardEpoch> {
    const rows = await managerOf(this.dataSource, tx).query(
      `INSERT INTO reward_epochs (id, chain_id, distributor, number, token, token_decimals, currency, root, leaves, total_minor, total_units, ledger_transaction_id, built_at_block, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'BUILT') RETURNING *`,
      [
        e.id,
        e.chainId,
        e.distributor,
        e.number,
        e.token,
        e.tokenDecimals,
        e.currency,
        e.root,
        e.leaves,
        e.totalMinor.toString(),
        e.totalUnits.toString(),
        e.ledgerTransactionId,
        e.builtAtBlock?.toString() ?? null,
      ],
    );
    return toEpoch(rows[0]);
  }

  async insertLeaves(tx: Tx, leaves: ReadonlyArray<Omit<EpochLeaf, 'claimTx' | 'claimedAt'>>): Promise<void> {
    // Chunked: a large epoch's parameters stay well under the protocol's limits.
    for (let i = 0; i < leaves.length; i += 5000) {
      const chunk = leaves.slice(i, i + 5000);
      await managerOf(this.dataSource, tx).query(
        `INSERT INTO reward_epoch_leaves (epoch_id, leaf, account_id, ledger_account_id, address, amount_minor, amount_units, proof)
         SELECT $1, l.leaf, l.account_id, l.ledger_account_id, l.address, l.amount_minor, l.amount_units, string_to_array(l.proof, ' ')
           FROM unnest($2::int[], $3::uuid[], $4::uuid[], $5::text[], $6::bigint[], $7::numeric[], $8::text[]) AS l(leaf, account_id, ledger_account_id, address, amount_minor, amount_units, proof)`,
        [
          chunk[0]!.epochId,
          chunk.map((l) => l.leaf),
          chunk.map((l) => l.accountId),
          chunk.map((l) => l.ledgerAccountId),
          chunk.map((l) => l.address),
          chunk.map((l) => l.amountMinor.toString()),
          chunk.map((l) => l.amountUnits.toString()),
          chunk.map((l) => l.proof.join(' ')),
        ],
      );
    }
  }

  async findEpoch(id: string): Promise<RewardEpoch | null> {
    const rows = await this.dataSource.query('SELECT * FROM reward_epochs WHERE id = $1', [id]);
    return rows[0] ? toEpoch(rows[0]) : null;
  }

  // Epochs the publishing loop still has work on: unpublished, and failed ones whose backoff ended.
  async epochsToAdvance(now: Date): Promise<RewardEpoch[]> {
    const rows = await this.dataSource.query(
      `SELECT * FROM reward_epochs WHERE status IN ('BUILT', 'AWAITING_FUNDS', 'SUBMITTED') OR (status = 'FAILED' AND next_attempt_at <= $1) ORDER BY number`,
      [now],
    );
    return rows.map(toEpoch);
  }

  // Stores a signed transaction unless another pass stored one first.
  async setSignedTx(id: string, previousHash: string | null, signed: { hash: string; raw: string; nonce: number }): Promise<boolean> {
    const result = await this.dataSource.query(
      `UPDATE reward_epochs SET tx_hash = $3, raw_tx = $4, tx_nonce = $5, status = 'SUBMITTED' WHERE id = $1 AND tx_hash IS NOT DISTINCT FROM $2 RETURNING id`,
      [id, previousHash, signed.hash, signed.raw, signed.nonce],
    );
    return returnedRows(result).length === 1;
  }

  async setStatus(
    id: string,
    status: EpochStatus,
    opts: { lastError?: string | null; nextAttemptAt?: Date | null; bumpAttempts?: boolean; clearTx?: boolean } = {},
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE reward_epochs SET status = $2,
              last_error = CASE WHEN $3 THEN $4 ELSE last_error END,
              next_attempt_at = $5,
              attempts = attempts + CASE WHEN $6 THEN 1 ELSE 0 END,
              tx_hash = CASE WHEN $7 THEN NULL ELSE tx_hash END,
              raw_tx = CASE WHEN $7 THEN NULL ELSE raw_tx END,
              tx_nonce = CASE WHEN $7 THEN NULL ELSE tx_nonce END
        WHERE id = $1`,
      [id, status, opts.lastError !== undefined, opts.lastError ?? null, opts.nextAttemptAt ?? null, !!opts.bumpAttempts, !!opts.clearTx],
    );
  }

  async markPublished(id: string, p: { txHash: string; blockNumber: bigint; blockHash: string; publishedAt: Date }): Promise<void> {
    await this.dataSource.query(
      `UPDATE reward_epochs SET status = 'PUBLISHED', tx_hash = $2, block_number = $3, block_hash = $4, published_at = $5, last_error = NULL, next_attempt_at = NULL WHERE id = $1`,
      [id, p.txHash, p.blockNumber.toString(), p.blockHash, p.publishedAt],
    );
  }

  // Token units the distributor must hold for every epoch it was given, less what was claimed.
  async outstandingUnits(d: RewardDistributor): Promise<bigint> {
    const [row] = await this.dataSource.query(
      `SELECT (SELECT coalesce(sum(total_units), 0) FROM reward_epochs WHERE chain_id = $1 AND distributor = $2)
            - (SELECT coalesce(sum(l.amount_units), 0) FROM reward_epoch_leaves l JOIN reward_epochs e ON e.id = l.epoch_id
                WHERE e.chain_id = $1 AND e.distributor = $2 AND l.claim_tx IS NOT NULL) AS units`,
      [d.chainId, d.address],
    );
    return BigInt(String(row.units).split('.')[0]!);
  }

  async firstPublishedBlock(d: RewardDistributor): Promise<bigint | null> {
    const [row] = await this.dataSource.query(
      `SELECT min(block_number)::text AS b FROM reward_epochs WHERE chain_id = $1 AND distributor = $2 AND status = 'PUBLISHED'`,
      [d.chainId, d.address],
    );
    return row.b === null ? null : BigInt(row.b);
  }

  async leafForClaim(
    tx: Tx,
    d: RewardDistributor,
    epochNumber: number,
    address: string,
  ): Promise<(EpochLeaf & { epoch: RewardEpoch }) | null> {
    const rows = await managerOf(this.dataSource, tx).query(
      `SELECT l.*, e.* FROM reward_epoch_leaves l JOIN reward_epochs e ON e.id = l.epoch_id
        WHERE e.chain_id = $1 AND e.distributor = $2 AND e.number = $3 AND l.address = $4 FOR UPDATE OF l`,
      [d.chainId, d.address, epochNumber, address.toLowerCase()],
    );
    // The two tables share no column name, so one row reads as both.
    return rows[0] ? { ...toLeaf(rows[0]), epoch: toEpoch(rows[0]) } : null;
  }

  async markClaimed(tx: Tx, leaf: EpochLeaf, claim: { txHash: string; blockNumber: bigint; transactionId: string }): Promise<void> {
    await managerOf(this.dataSource, tx).query(
      'UPDATE reward_epoch_leaves SET claim_tx = $3, claim_block = $4, claimed_at = now(), claim_transaction_id = $5 WHERE epoch_id = $1 AND leaf = $2',
      [leaf.epochId, leaf.leaf, claim.txHash, claim.blockNumber.toString(), claim.transactionId],
    );
  }

  // Newest first, keyset on the epoch's creation order.
  async countEpochs(): Promise<number> {
    const [row] = await this.dataSource.query('SELECT count(*)::int AS n FROM reward_epochs');
    return Number(row.n);
  }

  async epochs(
    limit: number,
    before?: { createdAt: Date; id: string },
  ): Promise<Array<RewardEpoch & { claimedMinor: bigint; claims: number }>> {
    const rows = await this.dataSource.query(
      `SELECT e.*, c.claimed::text AS claimed_minor, c.claims
         FROM reward_epochs e
         CROSS JOIN LATERAL (SELECT coalesce(sum(amount_minor), 0) AS claimed, count(*)::int AS claims FROM reward_epoch_leaves l WHERE l.epoch_id = e.id AND l.claim_tx IS NOT NULL) c
        WHERE ($1::timestamptz IS NULL OR (e.created_at, e.id) < ($1, $2::uuid))
        ORDER BY e.created_at DESC, e.id DESC LIMIT $3`,
      [before?.createdAt ?? null, before?.id ?? null, limit],
    );
    return rows.map((r: Record<string, unknown>) => ({
      ...toEpoch(r),
      claimedMinor: BigInt(r.claimed_minor as string),
      claims: Number(r.claims),
    }));
  }

  async leavesOfAccount(accountId: string): Promise<Array<EpochLeaf & { epoch: RewardEpoch }>> {
    const rows = await this.dataSource.query(
      `SELECT l.*, e.* FROM reward_epoch_leaves l JOIN reward_epochs e ON e.id = l.epoch_id WHERE l.account_id = $1 ORDER BY e.created_at DESC`,
      [accountId],
    );
    return rows.map((r: Record<string, unknown>) => ({ ...toLeaf(r), epoch: toEpoch(r) }));
  }
}
