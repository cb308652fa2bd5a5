import type { Fund } from './policy/policy.js';

// AGENT: the lines paid to the agent asked about; PUBLIC: only what names no one.
export const PAYOUT_VIEWS = ['AGENT', 'PUBLIC'] as const;
export type PayoutView = (typeof PAYOUT_VIEWS)[number];

// CLEARING: money on its way out (claimable on chain, not yet claimed).
export const LEDGER_ACCOUNT_KINDS = ['AGENT', 'FUND', 'EXTERNAL', 'CLEARING'] as const;
export type LedgerAccountKind = (typeof LEDGER_ACCOUNT_KINDS)[number];

export interface LedgerAccount {
  id: string;
  kind: LedgerAccountKind;
  ownerDid: string | null;
  organizationId: string | null;
  fund: string | null;
  currency: string;
  name: string;
}

export interface LedgerEntry {
  id: string;
  transactionId: string;
  accountId: string;
  amountMinor: bigint; // + credits the account, − debits it
  currency: string;
  memo: string | null;
  reference: string;
  kind: string;
  at: Date;
}

export interface NewLedgerTransaction {
  kind: 'SETTLEMENT' | 'REVERSAL' | 'EPOCH' | 'CLAIM' | 'TRANSFER';
  reference: string; // unique: the same reference never posts twice
  memo: string;
  reverses?: string;
  entries: Array<{ accountId: string; amountMinor: bigint; currency: string; memo?: string }>;
}

export const SETTLEMENT_STATUSES = ['PENDING', 'DISTRIBUTED'] as const;
export type SettlementStatus = (typeof SETTLEMENT_STATUSES)[number];

export interface Settlement {
  id: string;
  jobId: string;
  organizationId: string;
  payerAccountId: string;
  amountMinor: bigint;
  currency: string;
  policyVersion: number; // 0: the platform's default policy
  status: SettlementStatus;
  transactionId: string | null;
  createdAt: Date;
  distributedAt: Date | null;
  inputsAsOf: Date | null; // when the distribution read its inputs
}

export interface Payout {
  settlementId: string;
  policyVersion: number;
  line: number;
  accountId: string;
  recipientDid: string | null;
  fund: Fund | null;
  designId: string | null;
  bucket: string;
  rule: string;
  amountMinor: bigint;
  currency: string;
  records: string[];
  lineagePath: string[] | null;
  capMinor: bigint | null; // the agent's cap on the design this line was computed under (null: none)
}

// AGENT: the lines paid to the agent asked about; PUBLIC: that agent is a person the viewer may
// not see paid, so only what names no one (lines to funds and organizations, sums per bucket).
export interface PayoutExplanation {
  settlement: Settlement;
  view: PayoutView;
  total: bigint | null; // the agent's total, in the AGENT view only
  lines: Payout[];
  buckets: Array<{ bucket: string; amountMinor: bigint }>;
}

export interface RewardDistributor {
  chainId: number;
  address: `0x${string}`;
  token: `0x${string}`;
  publisher: `0x${string}`;
  deployedBlock: bigint | null;
  genesisHash?: string | null; // the chain's block 0 when it was deployed or first used
}

// BUILT → (AWAITING_FUNDS) → SUBMITTED → PUBLISHED; FAILED is retried with backoff.
export const EPOCH_STATUSES = ['BUILT', 'AWAITING_FUNDS', 'SUBMITTED', 'PUBLISHED', 'FAILED'] as const;
export type EpochStatus = (typeof EPOCH_STATUSES)[number];

export interface RewardEpoch {
  id: string;
  chainId: number;
  distributor: `0x${string}`;
  number: number;
  token: `0x${string}`;
  tokenDecimals: number;
  currency: string;
  root: `0x${string}`;
  leaves: number;
  totalMinor: bigint;
  totalUnits: bigint;
  ledgerTransactionId: string;
  builtAtBlock: bigint | null; // the chain's height when built: its publication comes later
  status: EpochStatus;
  txHash: `0x${string}` | null;
  rawTx: `0x${string}` | null;
  blockNumber: bigint | null;
  publishedAt: Date | null;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
}

export interface EpochLeaf {
  epochId: string;
  leaf: number;
  accountId: string;
  ledgerAccountId: string;
  address: `0x${string}`;
  amountMinor: bigint;
  amountUnits: bigint;
  proof: `0x${string}`[];
  claimTx: `0x${string}` | null;
  claimedAt: Date | null;
}
