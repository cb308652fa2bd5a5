import type { Agent } from '../identity/agent-directory.js';
import type { LedgerEntry, Payout, Settlement } from './rewards.types.js';
import type { LedgerEntryModel, PayoutModel, SettlementModel } from './models/rewards.models.js';

export const toSettlementModel = (s: Settlement): SettlementModel => ({
  id: s.id,
  jobId: s.jobId,
  status: s.status,
  policyVersion: s.policyVersion,
  total: { amountMinor: s.amountMinor.toString(), currency: s.currency },
  transactionId: s.transactionId,
  createdAt: s.createdAt,
  distributedAt: s.distributedAt,
});

export const toPayoutModel = (p: Payout, agent: Agent | null): PayoutModel => ({
  line: p.line,
  agent,
  fund: p.fund,
  account: p.accountId || null,
  amountMinor: p.amountMinor.toString(),
  currency: p.currency,
  bucket: p.bucket,
  rule: p.rule,
  records: p.records,
  lineagePath: p.lineagePath,
});

export const toLedgerEntryModel = (e: LedgerEntry): LedgerEntryModel => ({ ...e, amountMinor: e.amountMinor.toString() });
