import type { Agent } from '../identity/agent-directory.js';
import type { EpochLeaf, LedgerEntry, Payout, RewardEpoch, Settlement } from './rewards.types.js';
import type { RewardClaimModel, RewardEpochModel } from './models/epoch.models.js';
import type { LedgerEntryModel, PayoutFlowsModel, PayoutModel, SettlementModel } from './models/rewards.models.js';
import type { PayoutFlows } from './distribution/payout-flows.service.js';

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

export const toRewardEpochModel = (e: RewardEpoch & { claimedMinor: bigint; claims: number }): RewardEpochModel => ({
  id: e.id,
  number: e.number,
  chainId: e.chainId,
  distributor: e.distributor,
  token: e.token,
  tokenDecimals: e.tokenDecimals,
  root: e.root,
  leaves: e.leaves,
  total: { amountMinor: e.totalMinor.toString(), currency: e.currency },
  totalUnits: e.totalUnits.toString(),
  claimed: { amountMinor: e.claimedMinor.toString(), currency: e.currency },
  claims: e.claims,
  status: e.status,
  txHash: e.txHash,
  blockNumber: e.blockNumber?.toString() ?? null,
  lastError: e.lastError,
  ledgerTransactionId: e.ledgerTransactionId,
  createdAt: e.createdAt,
  publishedAt: e.publishedAt,
});

export const toRewardClaimModel = (l: EpochLeaf & { epoch: RewardEpoch; status: string }): RewardClaimModel => ({
  epoch: l.epoch.number,
  chainId: l.epoch.chainId,
  distributor: l.epoch.distributor,
  token: l.epoch.token,
  address: l.address,
  amount: { amountMinor: l.amountMinor.toString(), currency: l.epoch.currency },
  amountUnits: l.amountUnits.toString(),
  proof: l.proof,
  status: l.status,
  claimTx: l.claimTx,
  claimedAt: l.claimedAt,
});

export const toPayoutFlowsModel = (r: PayoutFlows): PayoutFlowsModel => ({
  interval: r.interval,
  periodStarts: r.periodStarts,
  from: r.from,
  to: r.to,
  flows: r.flows.map((f) => ({
    periodStart: f.periodStart,
    bucket: f.bucket,
    settlements: f.settlements,
    amount: { amountMinor: f.amountMinor.toString(), currency: f.currency },
  })),
});
