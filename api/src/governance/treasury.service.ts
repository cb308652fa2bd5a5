import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import type { Viewer } from '../common/auth/viewer.js';
import { ConflictError, InvalidInputError } from '../common/errors/domain-error.js';
import { formatMinor, isCurrency } from '../common/money.js';
import { RecordWriter } from '../contributions/record-writer.js';
import { UnitOfWork, type Tx } from '../database/transaction.js';
import { OrganizationsService } from '../identity/organizations.service.js';
import { LedgerRepository } from '../rewards/ledger/ledger.repository.js';
import { LedgerService } from '../rewards/ledger/ledger.service.js';
import type { Fund } from '../rewards/policy/policy.js';
import type { LedgerAccount } from '../rewards/rewards.types.js';
import { DEFAULT_TREASURY_RULES, proposalSubject, type Proposal, type SpendRecipient, type TreasuryRules } from './governance.types.js';
import type { ProposalOf } from './kinds/proposal-kind.js';
import { TreasuryRepository } from './treasury.repository.js';

const fundAccount = (organizationId: string, fund: Fund, currency: string): Omit<LedgerAccount, 'id'> => ({
  kind: 'FUND',
  ownerDid: null,
  organizationId,
  fund,
  currency,
  name: `${fund.toLowerCase()} fund`,
});

// What an executed spend recorded (spendIn's result): its ledger transaction and record ids.
const executionId = (p: Proposal, key: 'ledgerTransactionId' | 'recordId'): string => {
  const id = p.execution?.[key];
  return typeof id === 'string' ? id : '';
};

// An organization's common money: its funds in the double-entry ledger, the rules for spending
// them (m of n treasurers), spends executed once from passed proposals, and an open view of it all.
@Injectable()
export class TreasuryService {
  constructor(
    private readonly repo: TreasuryRepository,
    private readonly ledger: LedgerRepository,
    private readonly ledgerService: LedgerService,
    private readonly organizations: OrganizationsService,
    private readonly records: RecordWriter,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
  ) {}

  async rulesOf(organizationId: string, tx?: Tx): Promise<TreasuryRules> {
    const stored = await this.repo.treasuryRules(organizationId, tx);
    return stored ? { ...stored, isDefault: false } : { organizationId, ...DEFAULT_TREASURY_RULES, isDefault: true };
  }

  // Admins set how spends are approved; the approvals themselves are the treasurers'.
  async setRules(
    viewer: Viewer,
    organizationId: string,
    input: {
      approvalsRequired: number;
      approvalThresholdMinor: string;
      approvalThresholdCurrency?: string | null;
      approvalsAloneBelowThreshold: boolean;
    },
  ): Promise<TreasuryRules> {
    await this.access.require(viewer, 'organization:set-treasury-rules', await this.organizations.get(organizationId));
    if (!Number.isInteger(input.approvalsRequired) || input.approvalsRequired < 1 || input.approvalsRequired > 20)
      throw new InvalidInputError('approvalsRequired', 'approvalsRequired is 1 to 20 treasurers.');
    if (!/^\d{1,18}$/.test(input.approvalThresholdMinor.trim()))
      throw new InvalidInputError('approvalThresholdMinor', 'The threshold is a whole number of minor units.', 'INVALID_AMOUNT');
    const approvalThresholdMinor = BigInt(input.approvalThresholdMinor.trim());
    // Minor units mean nothing without their currency (10000 is 100 EUR but 10 KWD).
    const currency = input.approvalThresholdCurrency?.trim().toUpperCase() || null;
    if (currency && !isCurrency(currency))
      throw new InvalidInputError(
        'approvalThresholdCurrency',
        `"${input.approvalThresholdCurrency}" is not an ISO 4217 currency code.`,
        'UNKNOWN_CURRENCY',
      );
    if (approvalThresholdMinor > 0n && !currency)
      throw new InvalidInputError('approvalThresholdCurrency', 'A threshold above zero needs its currency.', 'CURRENCY_REQUIRED');
    const rules = {
      organizationId,
      approvalsRequired: input.approvalsRequired,
      approvalThresholdMinor,
      approvalThresholdCurrency: currency,
      approvalsAloneBelow: input.approvalsAloneBelowThreshold,
    };
    await this.uow.run((tx) => this.repo.upsertTreasuryRules(tx, rules, viewer.accountId));
    return { ...rules, isDefault: false };
  }

  async balanceOf(organizationId: string, fund: Fund, currency: string): Promise<bigint> {
    const [account] = (await this.ledger.accountsOf({ organizationId })).filter(
      (a) => a.kind === 'FUND' && a.fund === fund && a.currency === currency,
    );
    return account ? (await this.ledger.balances([account.id])).get(account.id)! : 0n;
  }

  // Whether a spend needs treasurers' approvals after the vote: above the threshold, or in another
  // currency than the threshold's (it cannot be compared).
  needsApprovals(rules: TreasuryRules, spend: { amountMinor: bigint; currency: string }): boolean {
    if (rules.approvalThresholdCurrency && spend.currency !== rules.approvalThresholdCurrency) return true;
    return spend.amountMinor > rules.approvalThresholdMinor;
  }

  // A passed spend, in the transaction that executes it: the fund's balance checked under its lock,
  // one balanced TRANSFER (reference unique per proposal), and a signed transfer record by the
  // organization. A fund that no longer holds enough moves nothing (the caller records why).
  async spendIn(
    tx: Tx,
    proposal: ProposalOf<'TREASURY_SPEND'>,
    organizationDid: string,
    recipientDid: string,
  ): Promise<{ ledgerTransactionId: string; recordId: string }> {
    const spend = proposal.payload;
    const amount = BigInt(spend.amountMinor);
    await this.repo.lockFund(tx, proposal.organizationId, spend.fund, spend.currency);
    const [source, target] = await this.ledger.ensureAccounts(tx, [
      fundAccount(proposal.organizationId, spend.fund, spend.currency),
      recipientAccount(spend.recipient, spend.currency),
    ]);
    const held = (await this.ledger.balances([source!.id], tx)).get(source!.id)!;
    if (held < amount)
      throw new ConflictError(
        `The ${spend.fund.toLowerCase()} fund holds ${formatMinor(held, spend.currency)} ${spend.currency}, less than the ${formatMinor(amount, spend.currency)} to spend.`,
        { reason: 'INSUFFICIENT_FUNDS' },
      );
    const ledgerTransactionId = await this.ledgerService.post(tx, {
      kind: 'TRANSFER',
      reference: `proposal:${proposal.id}`,
      memo: `${proposal.title} (proposal ${proposal.id}): ${spend.memo}`.slice(0, 2000),
      entries: [
        { accountId: source!.id, amountMinor: -amount, currency: spend.currency, memo: spend.memo },
        { accountId: target!.id, amountMinor: amount, currency: spend.currency, memo: spend.memo },
      ],
    });
    const record = await this.records.append(tx, {
      source: `spend:${proposal.id}`,
      action: 'transfer',
      providerDid: organizationDid,
      providerAccountId: null,
      providerOrganizationId: proposal.organizationId,
      receiverDid: recipientDid,
      subject: proposalSubject(proposal.id),
      designId: null,
      designVersionCid: null,
      jobId: null,
      effortHours: null,
      note: `treasury spend from the ${spend.fund.toLowerCase()} fund: ${spend.memo}`.slice(0, 2000),
      occurredAt: new Date(),
      evidenceCids: [],
      validation: 'NOT_REQUIRED',
      validationsRequired: 0,
      resourceQuantity: { hasNumericalValue: formatMinor(amount, spend.currency), hasUnit: spend.currency },
    });
    return { ledgerTransactionId, recordId: record.id };
  }

  // The open books: every fund with its balance, where the money came from (by the kind of
  // transaction) and where it went (each executed spend, with its ledger transaction and record).
  async view(organizationId: string) {
    await this.organizations.get(organizationId);
    const accounts = (await this.ledger.accountsOf({ organizationId })).filter((a) => a.kind === 'FUND');
    const balances = await this.ledger.balances(accounts.map((a) => a.id));
    const flows = await this.ledger.flowsByKind(accounts.map((a) => a.id));
    const spends = await this.repo.executedSpends(organizationId, 200);
    const rules = await this.rulesOf(organizationId);
    const treasurers = await this.organizations.countMembers(organizationId, 'TREASURER');
    return {
      organizationId,
      funds: accounts.map((a) => ({ accountId: a.id, fund: a.fund!, currency: a.currency, balanceMinor: balances.get(a.id)! })),
      inflows: flows
        .filter((f) => f.inMinor > 0n)
        .map((f) => ({
          fund: accounts.find((a) => a.id === f.accountId)!.fund!,
          source: f.kind,
          currency: f.currency,
          amountMinor: f.inMinor,
          transactions: f.transactions,
        })),
      outflows: spends.flatMap((p) => {
        const s = p.payload;
        if (s.kind !== 'TREASURY_SPEND') return []; // executedSpends reads spends only
        return {
          proposal: p,
          fund: s.fund,
          amountMinor: BigInt(s.amountMinor),
          currency: s.currency,
          recipient: s.recipient,
          ledgerTransactionId: executionId(p, 'ledgerTransactionId'),
          recordId: executionId(p, 'recordId'),
          executedAt: p.executedAt!,
        };
      }),
      rules,
      treasurers,
    };
  }
}

function recipientAccount(r: SpendRecipient, currency: string): Omit<LedgerAccount, 'id'> {
  return r.kind === 'FUND'
    ? fundAccount(r.organizationId, r.fund, currency)
    : { kind: 'AGENT', ownerDid: r.did, organizationId: null, fund: null, currency, name: r.did };
}
