import type { Fund } from './policy.js';

export type LedgerAccountKind = 'AGENT' | 'FUND' | 'EXTERNAL';

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
  kind: 'SETTLEMENT' | 'REVERSAL' | 'CLAIM' | 'TRANSFER';
  reference: string; // unique: the same reference never posts twice
  memo: string;
  reverses?: string;
  entries: Array<{ accountId: string; amountMinor: bigint; currency: string; memo?: string }>;
}

export type SettlementStatus = 'PENDING' | 'DISTRIBUTED';

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
}
