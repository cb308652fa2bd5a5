import type { Selectable } from 'kysely';
import { hex, oneOf } from '../../database/row-checks.js';
import type { DB } from '../../database/sql.js';
import { EPOCH_STATUSES, type EpochLeaf, type RewardEpoch } from '../rewards.types.js';

// Rows of reward_epochs and reward_epoch_leaves as the domain reads them. Token units are numeric
// and minor units int8: both arrive as text and become bigints exactly.
export type EpochRow = Selectable<DB['reward_epochs']>;
export type LeafRow = Selectable<DB['reward_epoch_leaves']>;

const nullableHex = (value: string | null, column: string): `0x${string}` | null => (value === null ? null : hex(value, column));

export const toEpoch = (r: EpochRow): RewardEpoch => ({
  id: r.id,
  chainId: Number(r.chain_id),
  distributor: hex(r.distributor, 'reward_epochs.distributor'),
  number: Number(r.number),
  token: hex(r.token, 'reward_epochs.token'),
  tokenDecimals: Number(r.token_decimals),
  currency: r.currency,
  root: hex(r.root, 'reward_epochs.root'),
  leaves: Number(r.leaves),
  totalMinor: BigInt(r.total_minor),
  totalUnits: BigInt(r.total_units),
  ledgerTransactionId: r.ledger_transaction_id,
  builtAtBlock: r.built_at_block === null ? null : BigInt(r.built_at_block),
  status: oneOf(EPOCH_STATUSES, r.status, 'reward_epochs.status'),
  txHash: nullableHex(r.tx_hash, 'reward_epochs.tx_hash'),
  rawTx: nullableHex(r.raw_tx, 'reward_epochs.raw_tx'),
  blockNumber: r.block_number === null ? null : BigInt(r.block_number),
  publishedAt: r.published_at ? new Date(r.published_at) : null,
  attempts: Number(r.attempts),
  lastError: r.last_error ?? null,
  createdAt: new Date(r.created_at),
});

export const toLeaf = (r: LeafRow): EpochLeaf => ({
  epochId: r.epoch_id,
  leaf: Number(r.leaf),
  accountId: r.account_id,
  ledgerAccountId: r.ledger_account_id,
  address: hex(r.address, 'reward_epoch_leaves.address'),
  amountMinor: BigInt(r.amount_minor),
  amountUnits: BigInt(r.amount_units),
  proof: r.proof.map((p) => hex(p, 'reward_epoch_leaves.proof')),
  claimTx: nullableHex(r.claim_tx, 'reward_epoch_leaves.claim_tx'),
  claimedAt: r.claimed_at ? new Date(r.claimed_at) : null,
});
