import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import type { Viewer } from '../common/auth/viewer.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors/domain-error.js';
import { parseMoney, type MoneyInput } from '../common/money.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { AgentDirectory } from '../identity/agent-directory.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { ProductionService } from '../production/production.service.js';
import { PoliciesRepository } from './policy/policies.repository.js';
import { SettlementsRepository } from './distribution/settlements.repository.js';
import { isUuid } from '../common/uuid.js';
import type { Payout, PayoutExplanation, Settlement } from './rewards.types.js';

@Injectable()
export class RewardsService {
  constructor(
    private readonly rewards: SettlementsRepository,
    private readonly policyRows: PoliciesRepository,
    private readonly production: ProductionService,
    private readonly agents: AgentDirectory,
    private readonly outbox: OutboxRepository,
    private readonly idempotency: IdempotencyService,
    private readonly access: AccessService,
  ) {}

  // Realised income on an accepted job, recorded by its requester (or a treasurer or admin of the
  // requesting organization). The split happens in the worker, by the fabricating organization's
  // policy in force now.
  async recordPayment(viewer: Viewer, jobId: string, input: MoneyInput, idempotencyKey?: string | null): Promise<Settlement> {
    // A repeat under the same key answers with the first settlement, before the job looks paid.
    const idempotent = { viewer, operation: 'recordPayment', key: idempotencyKey, input: { jobId, amount: input } };
    const earlier = await this.idempotency.replay(idempotent);
    if (earlier) return (await this.rewards.findSettlement(earlier))!;
    const money = parseMoney('amount', input);
    if (money.amountMinor <= 0n) throw new InvalidInputError('amount.amountMinor', 'A payment is more than zero.', 'NOT_POSITIVE');
    const ctx = await this.production.paymentContext(jobId);
    await this.access.require(viewer, 'job:record-payment', {
      ...ctx.request,
      facilityOrganizationId: ctx.facility?.organizationId ?? null,
    });
    // Paid already: by this very request under its key when a concurrent repeat committed first
    // (answer with that settlement), or else by another payment.
    const alreadyPaid = async (): Promise<Settlement> => {
      const again = await this.idempotency.replay(idempotent);
      if (again) return (await this.rewards.findSettlement(again))!;
      throw new ConflictError('This job is already paid.', { reason: 'ALREADY_PAID' });
    };
    if (ctx.job.status === 'SETTLED' || (await this.rewards.findSettlementOfJob(jobId))) return alreadyPaid();
    if (ctx.job.status !== 'ACCEPTED')
      throw new ConflictError(`A job is paid once its delivery is accepted; this one is ${ctx.job.status}.`, { reason: 'NOT_ACCEPTED' });
    // A non-commercial licence allows making the design, not selling the making: the request went
    // out without a budget, and no payment may turn it into a sale afterwards.
    if (ctx.version.licenceClass === 'NON_COMMERCIAL_ONLY' || ctx.version.licenceClass === 'NOT_ALLOWED') {
      throw new ConflictError(
        `The licence of this design (${ctx.version.licences.hardware}) does not allow paid fabrication, so this job cannot be paid.`,
        { reason: 'NON_COMMERCIAL_LICENCE', licence: ctx.version.licences.hardware },
      );
    }
    if (ctx.request.budget && ctx.request.budget.currency !== money.currency) {
      throw new InvalidInputError(
        'amount.currency',
        `The request's budget is in ${ctx.request.budget.currency}, not ${money.currency}.`,
        'CURRENCY_MISMATCH',
      );
    }
    const organizationId = ctx.facility!.organizationId;
    const policyVersion = (await this.policyRows.activePolicy(organizationId))?.version ?? 0;
    try {
      return await this.idempotency.transaction(
        idempotent,
        async (tx) => {
          const settlement = await this.rewards.insertSettlement(tx, {
            id: randomUUID(),
            jobId,
            organizationId,
            payerAccountId: viewer.accountId,
            amountMinor: money.amountMinor,
            currency: money.currency,
            policyVersion,
          });
          await this.outbox.append(tx, {
            type: 'rewards.payment-recorded',
            aggregateType: 'settlement',
            aggregateId: settlement.id,
            payload: {
              settlementId: settlement.id,
              jobId,
              organizationId,
              amountMinor: money.amountMinor.toString(),
              currency: money.currency,
              policyVersion,
            },
          });
          return { result: settlement, ref: settlement.id };
        },
        async (id) => (await this.rewards.findSettlement(id))!,
      );
    } catch (err) {
      if (isUniqueViolation(err)) return alreadyPaid();
      throw err;
    }
  }

  // The payer, the fabricating organization's members, and the people paid may read a settlement.
  async settlementOfJob(viewer: Viewer, jobId: string): Promise<Settlement | null> {
    const settlement = await this.rewards.findSettlementOfJob(jobId);
    if (!settlement) return null;
    await this.requireReader(viewer, settlement);
    return settlement;
  }

  async settlement(viewer: Viewer, id: string): Promise<Settlement> {
    const settlement = await this.rewards.findSettlement(id);
    if (!settlement) throw new NotFoundError('Settlement', id);
    await this.requireReader(viewer, settlement);
    return settlement;
  }

  async payouts(settlementId: string): Promise<Payout[]> {
    return this.rewards.payoutsOf(settlementId);
  }

  // Lines paid to a person with the person named (DID, ledger account) only where the access rule
  // allows; anyone else who may read the settlement sees the amount, bucket and rule unnamed.
  async visiblePayouts(viewer: Viewer, settlementId: string): Promise<Array<Payout & { masked: boolean }>> {
    const settlement = await this.settlement(viewer, settlementId);
    const lines = await this.rewards.payoutsOf(settlementId);
    const mayName = await this.payoutPrivacy(
      viewer,
      settlement,
      lines.map((l) => l.recipientDid),
    );
    return lines.map((l) =>
      mayName(l.recipientDid) ? { ...l, masked: false } : { ...l, recipientDid: null, accountId: '', masked: true },
    );
  }

  // Why an agent was paid what they were from a settlement. The agent's own lines go only to
  // whom the access rule lets see them named; everyone else (the requester, other accounts,
  // anonymous viewers) gets the public view: the sums per bucket and the lines to funds and
  // organizations (open books), with no person named and nothing of the agent's own.
  async explanation(viewer: Viewer | null, settlementId: string, agentDid: string): Promise<PayoutExplanation> {
    const settlement = isUuid(settlementId) ? await this.rewards.findSettlement(settlementId) : null;
    if (!settlement) throw new NotFoundError('Settlement', settlementId);
    const did = agentDid.trim();
    const lines = await this.rewards.payoutsOf(settlement.id);
    const mayName = await this.payoutPrivacy(viewer, settlement, [did, ...lines.map((l) => l.recipientDid)]);
    const buckets = new Map<string, bigint>();
    for (const l of lines) buckets.set(l.bucket, (buckets.get(l.bucket) ?? 0n) + l.amountMinor);
    const bucketSums = [...buckets].map(([bucket, amountMinor]) => ({ bucket, amountMinor }));
    if (mayName(did)) {
      const own = lines.filter((l) => l.recipientDid === did);
      return { settlement, view: 'AGENT', total: own.reduce((s, l) => s + l.amountMinor, 0n), lines: own, buckets: bucketSums };
    }
    return { settlement, view: 'PUBLIC', total: null, lines: lines.filter((l) => mayName(l.recipientDid)), buckets: bucketSums };
  }

  // The one rule for naming people in payouts: a line to a person (or to a DID that is not one of
  // our organizations) names them only to that person and to members of the fabricating co-op.
  // Lines to funds and organizations are open books.
  private async payoutPrivacy(
    viewer: Viewer | null,
    settlement: Settlement,
    dids: ReadonlyArray<string | null>,
  ): Promise<(did: string | null) => boolean> {
    const member = await this.access.can(viewer, 'settlement:name-payees', settlement);
    const viewerDid = viewer ? await this.agents.didOfAccount(viewer.accountId) : null;
    const named = [...new Set(dids.filter((d): d is string => !!d))];
    const organizations = new Set((await this.agents.byDids(named)).filter((a) => a.kind === 'ORGANIZATION').map((a) => a.did));
    return (did) => !did || organizations.has(did) || member || did === viewerDid;
  }

  private async requireReader(viewer: Viewer, settlement: Settlement): Promise<void> {
    if (await this.access.can(viewer, 'settlement:read', settlement)) return;
    // Only then the lines: the people paid see it too.
    const recipientDids = (await this.rewards.payoutsOf(settlement.id)).map((p) => p.recipientDid);
    await this.access.require(viewer, 'settlement:read', { ...settlement, recipientDids });
  }
}
