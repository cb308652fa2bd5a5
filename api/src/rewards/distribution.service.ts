import { Injectable, Logger } from '@nestjs/common';
import { NotFoundError } from '../common/errors/domain-error.js';
import { UnitOfWork, type Tx } from '../database/transaction.js';
import { formatMinor } from '../common/money.js';
import { subjectOfJob } from '../contributions/contributions.types.js';
import { RecordWriter, type ResolvedDraft, type SignedChain } from '../contributions/record-writer.js';
import { AgentDirectory } from '../identity/agent-directory.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import { ProcessedEventsRepository } from '../outbox/processed-events.repository.js';
import { CAPTURED_EVENTS } from '../contributions/capture-rules.js';
import { CAPTURE_HANDLER } from '../contributions/contribution-capture.handler.js';
import { ProductionService } from '../production/production.service.js';
import { LedgerRepository } from './ledger.repository.js';
import { LedgerService } from './ledger.service.js';
import { RewardsRepository } from './rewards.repository.js';
import { RewardsService } from './rewards.service.js';
import { SplitInputsRepository } from './split-inputs.repository.js';
import { computeSplit, type PayoutLine } from './split.js';
import type { Payout } from './rewards.types.js';

class SplitMovedError extends Error {}

// Thrown to be retried (the worker's backoff): the split waits for the contributions it pays.
export class ContributionsNotCapturedError extends Error {
  constructor(settlementId: string, events: number) {
    super(`settlement ${settlementId} waits for ${events} event(s) to become contribution records`);
    this.name = 'ContributionsNotCapturedError';
  }
}

const bigints = (_: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);

export const distributionReference = (settlementId: string, policyVersion: number) => `settlement:${settlementId}:v${policyVersion}`;

// Distributes one settlement exactly once: the split, the balanced ledger transaction, the
// payout lines, the settlement's status and the job's move to SETTLED commit together, under
// the settlement's row lock and a unique ledger reference (settlement × policy version). Run it
// twice, concurrently, or again after a crash at any point: one distribution.
@Injectable()
export class DistributionService {
  private readonly logger = new Logger(DistributionService.name);

  constructor(
    private readonly rewards: RewardsRepository,
    private readonly rewardsService: RewardsService,
    private readonly inputs: SplitInputsRepository,
    private readonly ledger: LedgerService,
    private readonly ledgerRepo: LedgerRepository,
    private readonly production: ProductionService,
    private readonly agents: AgentDirectory,
    private readonly outbox: OutboxRepository,
    private readonly uow: UnitOfWork,
    private readonly processed: ProcessedEventsRepository,
    private readonly records: RecordWriter,
  ) {}

  async distribute(settlementId: string): Promise<'distributed' | 'already'> {
    const settlement = await this.rewards.findSettlement(settlementId);
    if (!settlement) throw new NotFoundError('Settlement', settlementId);
    if (settlement.status === 'DISTRIBUTED') return 'already';
    // The snapshot the split is computed from, read before the transaction.
    const ctx = await this.production.paymentContext(settlement.jobId);
    const policy = await this.rewardsService.policyVersion(settlement.organizationId, settlement.policyVersion);
    const designId = ctx.version.designId;
    const asOf = await this.inputs.now();
    const records = await this.inputs.records(settlement.jobId, designId, asOf);
    const validators = await this.inputs.validators(records.map((r) => r.id));
    const lineage = await this.inputs.lineage(ctx.version.id, policy.lineage.maxDepth);
    // Pay from the whole record: the job's and the lineage's events must be captured first.
    const aggregates = [settlement.jobId, ...new Set([...lineage.nodes.values()].map((n) => n.designId))];
    const waiting = await this.processed.unprocessed(aggregates, CAPTURED_EVENTS, CAPTURE_HANDLER, settlement.createdAt);
    if (waiting > 0) throw new ContributionsNotCapturedError(settlementId, waiting);
    const effortOnDesign = await this.inputs.effortOnDesign(designId, asOf);
    const payerDid = await this.agents.didOfAccount(settlement.payerAccountId);
    const coopDid = await this.agents.didOfOrganization(settlement.organizationId);
    const currency = settlement.currency;
    const split = (paidFromDesign: Map<string, bigint>) => computeSplit({ amountMinor: settlement.amountMinor, policy, records, validators, lineage, designId, paidFromDesign, effortOnDesign });
    // Each line is also a signed transfer record by the co-op. Signing is the slow part, so it is
    // done before the locks on the split as it stands; the transaction re-checks the running
    // totals (caps) and the job's last record, and signs again only if either moved.
    const transfers = (lines: PayoutLine[], occurredAt: Date): ResolvedDraft[] =>
      lines.map((l, i) => ({
        source: `payout:${settlementId}:v${settlement.policyVersion}:${i + 1}`,
        action: 'transfer' as const,
        providerDid: coopDid,
        providerAccountId: null,
        providerOrganizationId: settlement.organizationId,
        receiverDid: l.recipient.kind === 'AGENT' ? l.recipient.did : coopDid,
        subject: subjectOfJob(settlement.jobId),
        designId,
        designVersionCid: ctx.version.cid,
        jobId: settlement.jobId,
        effortHours: null,
        note: `payout: ${l.bucket}${l.recipient.kind === 'FUND' ? ` to the ${l.recipient.fund.toLowerCase()} fund` : ''} (${l.rule})`.slice(0, 2000),
        occurredAt,
        evidenceCids: [],
        validation: 'NOT_REQUIRED' as const,
        validationsRequired: 0,
        resourceQuantity: { hasNumericalValue: formatMinor(l.amountMinor, currency), hasUnit: currency },
      }));
    const occurredAt = new Date();
    const recipientKey = (l: PayoutLine) => (l.recipient.kind === 'AGENT' ? `agent:${l.recipient.did}` : `fund:${l.recipient.fund}`);
    const sameLines = (a: PayoutLine[], b: PayoutLine[]) => JSON.stringify(a, bigints) === JSON.stringify(b, bigints);

    // Everything a distribution writes, for lines already decided.
    const write = async (tx: Tx, lines: PayoutLine[], chain: SignedChain | null) => {
      const wanted = [
        { key: 'payer', account: { kind: 'EXTERNAL' as const, ownerDid: payerDid, organizationId: null, fund: null, currency, name: `payments from ${payerDid}` } },
        ...[...new Set(lines.map(recipientKey))].map((key) => {
          const line = lines.find((l) => recipientKey(l) === key)!;
          return line.recipient.kind === 'AGENT'
            ? { key, account: { kind: 'AGENT' as const, ownerDid: line.recipient.did, organizationId: null, fund: null, currency, name: line.recipient.did } }
            : { key, account: { kind: 'FUND' as const, ownerDid: null, organizationId: settlement.organizationId, fund: line.recipient.fund, currency, name: `${line.recipient.fund.toLowerCase()} fund` } };
        }),
      ];
      const ensured = await this.ledgerRepo.ensureAccounts(tx, wanted.map((w) => w.account));
      const accountIds = new Map(wanted.map((w, i) => [w.key, ensured[i]!.id]));
      const transactionId = await this.ledger.post(tx, {
        kind: 'SETTLEMENT',
        reference: distributionReference(settlementId, settlement.policyVersion),
        memo: `payment for job ${settlement.jobId}, split by policy v${settlement.policyVersion}`,
        entries: [
          { accountId: accountIds.get('payer')!, amountMinor: -settlement.amountMinor, currency, memo: 'payment received' },
          ...lines.map((l) => ({ accountId: accountIds.get(recipientKey(l))!, amountMinor: l.amountMinor, currency, memo: `${l.bucket}: ${l.rule}` })),
        ],
      });
      const payouts: Payout[] = lines.map((l, i) => ({
        settlementId,
        policyVersion: settlement.policyVersion,
        line: i + 1,
        accountId: accountIds.get(recipientKey(l))!,
        recipientDid: l.recipient.kind === 'AGENT' ? l.recipient.did : null,
        fund: l.recipient.kind === 'FUND' ? l.recipient.fund : null,
        designId,
        bucket: l.bucket,
        rule: l.rule,
        amountMinor: l.amountMinor,
        currency,
        records: l.records,
        lineagePath: l.lineagePath ?? null,
      }));
      await this.rewards.insertPayouts(tx, payouts);
      const committed = chain ? await this.records.commitChain(tx, chain) : null;
      if (!committed) await this.records.appendChain(tx, transfers(lines, occurredAt));
      await this.rewards.markDistributed(tx, settlementId, transactionId, asOf);
      await this.production.settleIn(tx, ctx, `paid ${settlement.amountMinor} ${currency} (minor units); distributed by policy v${settlement.policyVersion}`);
      await this.outbox.append(tx, { type: 'rewards.distributed', aggregateType: 'settlement', aggregateId: settlementId, payload: { settlementId, jobId: settlement.jobId, transactionId, lines: payouts.length } });
      return payouts;
    };
    // Caps make a design's distributions depend on each other through its running totals. Most of
    // the time the totals do not change the split, so the work is done first and the design's
    // lock is held only to check that and add to the totals (optimistic); if they did change it,
    // the transaction rolls back and runs again, finally with the lock taken first (pessimistic).
    for (let attempt = 1; ; attempt++) {
      const pessimistic = attempt >= 3;
      const planned = split(await this.rewards.designTotals(undefined, designId, currency));
      const chain = await this.records.signChain(transfers(planned, occurredAt), await this.records.latestOfSubject(subjectOfJob(settlement.jobId)));
      try {
        return await this.uow.run(async (tx) => {
          const locked = (await this.rewards.lockSettlement(tx, settlementId))!;
          if (locked.status === 'DISTRIBUTED') return 'already' as const;
          let payouts: Payout[];
          if (pessimistic) {
            await this.rewards.lockDesign(tx, designId);
            const lines = split(await this.rewards.designTotals(tx, designId, currency));
            payouts = await write(tx, lines, sameLines(lines, planned) ? chain : null);
          } else {
            payouts = await write(tx, planned, chain);
            await this.rewards.lockDesign(tx, designId);
            if (!sameLines(split(await this.rewards.designTotals(tx, designId, currency)), planned)) throw new SplitMovedError();
          }
          const paid = new Map<string, bigint>();
          for (const p of payouts) if (p.recipientDid) paid.set(p.recipientDid, (paid.get(p.recipientDid) ?? 0n) + p.amountMinor);
          await this.rewards.addToDesignTotals(tx, designId, currency, paid);
          await this.rewards.stampDistributed(tx, settlementId);
          this.logger.log({ msg: 'settlement distributed', settlementId, lines: payouts.length, amountMinor: settlement.amountMinor.toString(), currency, attempt });
          return 'distributed' as const;
        });
      } catch (err) {
        if (!(err instanceof SplitMovedError)) throw err;
      }
    }
  }
}
