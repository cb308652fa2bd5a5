import { Injectable, Logger } from '@nestjs/common';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { UnitOfWork, type Tx } from '../../database/transaction.js';
import { RecordWriter } from '../../contributions/record-writer.js';
import { CAPTURED_EVENTS } from '../../contributions/capture-rules.js';
import { CAPTURE_HANDLER } from '../../contributions/contribution-capture.handler.js';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { DEFAULT_LINEAGE_DEPTH, FUNDS } from '../policy/policy.js';
import { PoliciesService } from '../policy/policies.service.js';
import { SettlementsRepository } from './settlements.repository.js';
import type { DistributionWrite } from './settlement-statement.js';
import { distributionWrite, transferDrafts } from './distribution-write.js';
import { isRaised, isUniqueViolation } from '../../database/pg-errors.js';
import type { DistributionSnapshot } from './distribution-snapshot.js';
import { SplitInputsRepository } from './split-inputs.repository.js';
import { capOf, computeSplit, recipientKey, type PayoutLine, type Recipient } from './split.js';
import type { LedgerAccount } from '../rewards.types.js';

// Thrown to be retried (the worker's backoff): the split waits for the contributions it pays.
export class ContributionsNotCapturedError extends Error {
  constructor(settlementId: string, events: number) {
    super(`settlement ${settlementId} waits for ${events} event(s) to become contribution records`);
    this.name = 'ContributionsNotCapturedError';
  }
}

// The commit refused: a line would take an agent past their cap (the payouts_totals trigger).
const isCapsBite = (err: unknown) => isRaised(err, 'P0003');

// Distributes one settlement exactly once: the split, the balanced ledger transaction, the
// payout lines, one signed transfer record per line, the job's move to SETTLED, the caps' running
// totals and the settlement's status commit together, guarded by the settlement still being
// PENDING and the job's record chain still ending where the payout records link. Run it twice,
// concurrently, or again after a crash at any point: one distribution.
//
// Inputs are read in one statement and the records signed before the write (signing is the slow
// part); the write is one statement, atomic on its own, built from the parts of the modules that
// own its tables (settlement-statement.ts). Distributions of one design share
// only its running totals, updated last and only while no agent passes their cap; when a cap
// bites, the split is redone under those rows' locks (see distributeLocked).
@Injectable()
export class DistributionService {
  private readonly logger = new Logger(DistributionService.name);

  constructor(
    private readonly inputs: SplitInputsRepository,
    private readonly settlements: SettlementsRepository,
    private readonly policies: PoliciesService,
    private readonly ledger: LedgerRepository,
    private readonly uow: UnitOfWork,
    private readonly records: RecordWriter,
  ) {}

  async distribute(settlementId: string): Promise<'distributed' | 'already'> {
    const snap = await this.inputs.snapshot(settlementId, {
      defaultDepth: DEFAULT_LINEAGE_DEPTH,
      capturedEvents: CAPTURED_EVENTS,
      captureHandler: CAPTURE_HANDLER,
    });
    if (!snap) throw new NotFoundError('Settlement', settlementId);
    if (snap.settlement.status === 'DISTRIBUTED') return 'already';
    // Pay from the whole record: the job's and the lineage's events must be captured first.
    if (snap.waitingEvents > 0) throw new ContributionsNotCapturedError(settlementId, snap.waitingEvents);
    const { settlement, version } = snap;
    const policy = await this.policies.policyVersion(settlement.organizationId, settlement.policyVersion);
    const split = (paidFromDesign: Map<string, bigint>) =>
      computeSplit({
        amountMinor: settlement.amountMinor,
        policy,
        records: snap.records,
        validators: snap.validators,
        lineage: snap.lineage,
        designId: version.designId,
        paidFromDesign,
        effortOnDesign: snap.effortOnDesign,
      });
    const occurredAt = new Date();
    const capOfAgent = (did: string) => capOf(policy, snap.effortOnDesign, did);
    const plan = async (lines: PayoutLine[], latest: { id: string; chainId: string } | null, tx?: Tx) => {
      const chain = await this.records.signChain(transferDrafts(snap, lines, occurredAt), latest, tx);
      return distributionWrite(
        snap,
        lines,
        chain,
        await this.accountIds(
          snap,
          lines.map((l) => l.recipient),
        ),
        capOfAgent,
      );
    };

    // Optimistic: planned and signed from the snapshot, outside any lock. Other distributions of
    // the design may add to its totals meanwhile; that changes this split only if it takes an agent
    // past their cap, which the commit checks line by line (SQLSTATE P0003 otherwise).
    let latest = snap.latest;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const write = await plan(split(snap.totals), latest);
      // One statement, committed on its own: no transaction round trips.
      // One statement, committed on its own: no transaction round trips.
      const outcome = await this.settlements.commitDistribution(undefined, write).catch(async (err: unknown) => {
        if (isCapsBite(err)) return null;
        await this.rethrowUnlessDistributed(settlementId, err);
        return { written: false as const, status: 'DISTRIBUTED', latest: null };
      });
      if (!outcome) return this.distributeLocked(snap, split, plan, latest);
      if (outcome.written) return this.distributed(snap, write, attempt === 1 ? 'planned' : 'relinked');
      if (outcome.status !== 'PENDING') return 'already';
      latest = outcome.latest; // a record joined the job's chain: link to it and sign again
    }
    throw new Error(`settlement ${settlementId}: the job's record chain kept moving`);
  }

  // Pessimistic, when caps bite: the agents' totals rows locked first, the split redone against
  // them and signed under those locks, then written.
  private async distributeLocked(
    snap: DistributionSnapshot,
    split: (totals: Map<string, bigint>) => PayoutLine[],
    plan: (lines: PayoutLine[], latest: { id: string; chainId: string } | null, tx?: Tx) => Promise<DistributionWrite>,
    latest: { id: string; chainId: string } | null,
  ): Promise<'distributed' | 'already'> {
    const { settlement, version } = snap;
    // Every agent the split can pay, whatever the totals (caps only move amounts to funds).
    const agents = [...new Set(split(new Map()).flatMap((l) => (l.recipient.kind === 'AGENT' ? [l.recipient.did] : [])))];
    // Every account it may credit, ready before the transaction: inside it nothing may query on
    // another connection (the embedded database serves one transaction at a time).
    await this.accountIds(snap, [
      ...agents.map((did): Recipient => ({ kind: 'AGENT', did })),
      ...FUNDS.map((fund): Recipient => ({ kind: 'FUND', fund })),
    ]);
    const outcome = await this.uow
      .run(async (tx) => {
        const totals = await this.settlements.lockTotals(tx, version.designId, settlement.currency, agents);
        const write = await plan(split(totals), latest, tx);
        const done = await this.settlements.commitDistribution(tx, write);
        if (!done.written) {
          if (done.status !== 'PENDING') return null;
          throw new Error(`settlement ${settlement.id}: the job's record chain moved; retrying`);
        }
        return write;
      })
      .catch(async (err: unknown) => {
        await this.rethrowUnlessDistributed(settlement.id, err);
        return null;
      });
    return outcome ? this.distributed(snap, outcome, 'capped') : 'already';
  }

  // The payout records' and the ledger's unique keys refuse a second distribution of a settlement
  // that another worker committed first: that one stands.
  private async rethrowUnlessDistributed(settlementId: string, err: unknown): Promise<void> {
    if (!isUniqueViolation(err) || (await this.settlements.findSettlement(settlementId))?.status !== 'DISTRIBUTED') throw err;
  }

  private distributed(snap: DistributionSnapshot, write: DistributionWrite, path: 'planned' | 'relinked' | 'capped'): 'distributed' {
    const { settlement } = snap;
    this.logger.log({
      msg: 'settlement distributed',
      settlementId: settlement.id,
      lines: write.payouts.length,
      amountMinor: settlement.amountMinor.toString(),
      currency: settlement.currency,
      path,
    });
    return 'distributed';
  }

  // The payer's external account and one account per recipient, keyed by recipientKey.
  private async accountIds(snap: DistributionSnapshot, recipients: Recipient[]): Promise<Map<string, string>> {
    const { settlement } = snap;
    const currency = settlement.currency;
    const wanted: Array<{ key: string; account: Omit<LedgerAccount, 'id'> }> = [
      {
        key: 'payer',
        account: {
          kind: 'EXTERNAL',
          ownerDid: snap.payerDid,
          organizationId: null,
          fund: null,
          currency,
          name: `payments from ${snap.payerDid}`,
        },
      },
      ...[...new Map(recipients.map((r) => [recipientKey(r), r])).entries()].map(([key, r]) => ({
        key,
        account:
          r.kind === 'AGENT'
            ? { kind: 'AGENT' as const, ownerDid: r.did, organizationId: null, fund: null, currency, name: r.did }
            : {
                kind: 'FUND' as const,
                ownerDid: null,
                organizationId: settlement.organizationId,
                fund: r.fund,
                currency,
                name: `${r.fund.toLowerCase()} fund`,
              },
      })),
    ];
    const ids = await this.ledger.ensureAccountIds(wanted.map((w) => w.account));
    return new Map(wanted.map((w, i) => [w.key, ids[i]!]));
  }
}
