import { randomUUID } from 'node:crypto';
import { formatMinor } from '../../common/money.js';
import { subjectOfJob } from '../../contributions/contributions.types.js';
import type { ResolvedDraft } from '../../contributions/record-writer.js';
import type { DistributionWrite } from './settlement-statement.js';
import type { DistributionSnapshot } from './distribution-snapshot.js';
import { recipientKey, type PayoutLine } from './split.js';
import type { Payout } from '../rewards.types.js';

// What a distribution writes, built from lines already decided (no database: the service runs it).

export const distributionReference = (settlementId: string, policyVersion: number) => `settlement:${settlementId}:v${policyVersion}`;

// Each line is also a signed transfer record by the co-op.
export function transferDrafts(snap: DistributionSnapshot, lines: PayoutLine[], occurredAt: Date): ResolvedDraft[] {
  const { settlement, version } = snap;
  return lines.map((l, i) => ({
    source: `payout:${settlement.id}:v${settlement.policyVersion}:${i + 1}`,
    action: 'transfer' as const,
    providerDid: snap.coopDid,
    providerAccountId: null,
    providerOrganizationId: settlement.organizationId,
    receiverDid: l.recipient.kind === 'AGENT' ? l.recipient.did : snap.coopDid,
    subject: subjectOfJob(settlement.jobId),
    designId: version.designId,
    designVersionCid: version.cid,
    jobId: settlement.jobId,
    effortHours: null,
    note: `payout: ${l.bucket}${l.recipient.kind === 'FUND' ? ` to the ${l.recipient.fund.toLowerCase()} fund` : ''} (${l.rule})`.slice(
      0,
      2000,
    ),
    occurredAt,
    evidenceCids: [],
    validation: 'NOT_REQUIRED' as const,
    validationsRequired: 0,
    resourceQuantity: { hasNumericalValue: formatMinor(l.amountMinor, settlement.currency), hasUnit: settlement.currency },
  }));
}

// Everything a distribution writes, for lines already decided.
export function distributionWrite(
  snap: DistributionSnapshot,
  lines: PayoutLine[],
  chain: DistributionWrite['chain'],
  accounts: Map<string, string>,
  capOfAgent: (did: string) => bigint | null,
): DistributionWrite {
  const { settlement, version, job } = snap;
  const currency = settlement.currency;
  const transactionId = randomUUID();
  const payouts: Payout[] = lines.map((l, i) => ({
    settlementId: settlement.id,
    policyVersion: settlement.policyVersion,
    line: i + 1,
    accountId: accounts.get(recipientKey(l.recipient))!,
    recipientDid: l.recipient.kind === 'AGENT' ? l.recipient.did : null,
    fund: l.recipient.kind === 'FUND' ? l.recipient.fund : null,
    designId: version.designId,
    bucket: l.bucket,
    rule: l.rule,
    amountMinor: l.amountMinor,
    currency,
    records: l.records,
    lineagePath: l.lineagePath ?? null,
    capMinor: l.recipient.kind === 'AGENT' ? capOfAgent(l.recipient.did) : null,
  }));
  const note = `paid ${settlement.amountMinor} ${currency} (minor units); distributed by policy v${settlement.policyVersion}`;
  return {
    settlementId: settlement.id,
    asOf: snap.asOf,
    transaction: {
      id: transactionId,
      kind: 'SETTLEMENT',
      reference: distributionReference(settlement.id, settlement.policyVersion),
      memo: `payment for job ${settlement.jobId}, split by policy v${settlement.policyVersion}`,
      entries: [
        { accountId: accounts.get('payer')!, amountMinor: -settlement.amountMinor, currency, memo: 'payment received' },
        ...lines.map((l) => ({
          accountId: accounts.get(recipientKey(l.recipient))!,
          amountMinor: l.amountMinor,
          currency,
          memo: `${l.bucket}: ${l.rule}`,
        })),
      ],
    },
    payouts,
    chain,
    job: {
      job,
      facilityId: job.facilityId,
      facilityOrganizationId: job.facilityOrganizationId,
      requesterId: job.requesterId,
      designVersionCid: version.cid,
      note,
    },
    events: [
      {
        type: 'rewards.distributed',
        aggregateType: 'settlement',
        aggregateId: settlement.id,
        payload: { settlementId: settlement.id, jobId: settlement.jobId, transactionId, lines: payouts.length },
      },
    ],
  };
}
