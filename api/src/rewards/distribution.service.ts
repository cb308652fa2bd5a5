import { Injectable, Logger } from '@nestjs/common';
import { NotFoundError } from '../common/errors/domain-error.js';
import { UnitOfWork } from '../database/transaction.js';
import { formatMinor } from '../common/money.js';
import { subjectOfJob } from '../contributions/contributions.types.js';
import { RecordWriter } from '../contributions/record-writer.js';
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
import type { LedgerAccount, Payout } from './rewards.types.js';

// Thrown to be retried (the worker's backoff): the split waits for the contributions it pays.
export class ContributionsNotCapturedError extends Error {
  constructor(settlementId: string, events: number) {
    super(`settlement ${settlementId} waits for ${events} event(s) to become contribution records`);
    this.name = 'ContributionsNotCapturedError';
  }
}

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

    return this.uow.run(async (tx) => {
      const locked = (await this.rewards.lockSettlement(tx, settlementId))!;
      if (locked.status === 'DISTRIBUTED') return 'already' as const;
      // Caps read running totals: one distribution per design at a time.
      await this.rewards.lockDesign(tx, designId);
      const paidFromDesign = await this.rewards.paidFromDesign(tx, designId);
      const lines = computeSplit({ amountMinor: settlement.amountMinor, policy, records, validators, lineage, designId, paidFromDesign, effortOnDesign });
      const currency = settlement.currency;
      const payer = await this.ledgerRepo.ensureAccount(tx, { kind: 'EXTERNAL', ownerDid: payerDid, organizationId: null, fund: null, currency, name: `payments from ${payerDid}` });
      const accountOf = async (line: PayoutLine) =>
        line.recipient.kind === 'AGENT'
          ? this.ledgerRepo.ensureAccount(tx, { kind: 'AGENT', ownerDid: line.recipient.did, organizationId: null, fund: null, currency, name: line.recipient.did })
          : this.ledgerRepo.ensureAccount(tx, { kind: 'FUND', ownerDid: null, organizationId: settlement.organizationId, fund: line.recipient.fund, currency, name: `${line.recipient.fund.toLowerCase()} fund` });
      const accounts: LedgerAccount[] = [];
      for (const line of lines) accounts.push(await accountOf(line));
      const transactionId = await this.ledger.post(tx, {
        kind: 'SETTLEMENT',
        reference: distributionReference(settlementId, settlement.policyVersion),
        memo: `payment for job ${settlement.jobId}, split by policy v${settlement.policyVersion}`,
        entries: [
          { accountId: payer.id, amountMinor: -settlement.amountMinor, currency, memo: 'payment received' },
          ...lines.map((l, i) => ({ accountId: accounts[i]!.id, amountMinor: l.amountMinor, currency, memo: `${l.bucket}: ${l.rule}` })),
        ],
      });
      const payouts: Payout[] = lines.map((l, i) => ({
        settlementId,
        policyVersion: settlement.policyVersion,
        line: i + 1,
        accountId: accounts[i]!.id,
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
      // Each payout is itself a contribution record (a transfer by the co-op), signed and anchored.
      const coopDid = await this.agents.didOfOrganization(settlement.organizationId, tx);
      for (const p of payouts) {
        await this.records.append(tx, {
          source: `payout:${settlementId}:v${settlement.policyVersion}:${p.line}`,
          action: 'transfer',
          providerDid: coopDid,
          providerAccountId: null,
          providerOrganizationId: settlement.organizationId,
          receiverDid: p.recipientDid ?? coopDid,
          subject: subjectOfJob(settlement.jobId),
          designId,
          designVersionCid: ctx.version.cid,
          jobId: settlement.jobId,
          effortHours: null,
          note: `payout: ${p.bucket}${p.fund ? ` to the ${p.fund.toLowerCase()} fund` : ''} (${p.rule})`.slice(0, 2000),
          occurredAt: new Date(),
          evidenceCids: [],
          validation: 'NOT_REQUIRED',
          validationsRequired: 0,
          resourceQuantity: { hasNumericalValue: formatMinor(p.amountMinor, currency), hasUnit: currency },
        });
      }
      await this.rewards.markDistributed(tx, settlementId, transactionId, asOf);
      await this.production.settleIn(tx, ctx, `paid ${settlement.amountMinor} ${currency} (minor units); distributed by policy v${settlement.policyVersion}`);
      await this.outbox.append(tx, { type: 'rewards.distributed', aggregateType: 'settlement', aggregateId: settlementId, payload: { settlementId, jobId: settlement.jobId, transactionId, lines: payouts.length } });
      this.logger.log({ msg: 'settlement distributed', settlementId, lines: payouts.length, amountMinor: settlement.amountMinor.toString(), currency });
      return 'distributed' as const;
    });
  }
}
