import { Injectable } from '@nestjs/common';
import { InvalidInputError } from '../../common/errors/domain-error.js';
import { parseMoney } from '../../common/money.js';
import type { Tx } from '../../database/transaction.js';
import { AgentDirectory } from '../../identity/agent-directory.js';
import { OrganizationsService } from '../../identity/organizations.service.js';
import { requireText } from '../../identity/text.js';
import { FUNDS, type Fund } from '../../rewards/policy/policy.js';
import type { DecisionRule, PayloadOf, SpendRecipient } from '../governance.types.js';
import { TreasuryService } from '../treasury.service.js';
import type {
  CreateProposalInput,
  ExecutionContext,
  ProposalDescription,
  ProposalKind,
  ProposalOf,
  ProposalTarget,
} from './proposal-kind.js';

declare module '../governance.types.js' {
  interface ProposalPayloads {
    TREASURY_SPEND: { fund: Fund; amountMinor: string; currency: string; recipient: SpendRecipient; memo: string };
  }
}

// A grant or payment from one of the organization's funds, to a person or organization or to
// another organization's fund. Treasurers approve it after the vote above the organization's
// threshold, or alone below it when its rules allow.
@Injectable()
export class TreasurySpendKind implements ProposalKind<'TREASURY_SPEND', { recipientDid: string }> {
  readonly name = 'TREASURY_SPEND';
  readonly binding = true;
  readonly treasurerApprovals = true;

  constructor(
    private readonly treasury: TreasuryService,
    private readonly agents: AgentDirectory,
    private readonly organizations: OrganizationsService,
  ) {}

  async parse(input: CreateProposalInput, target: ProposalTarget): Promise<PayloadOf<'TREASURY_SPEND'>> {
    const s = input.spend;
    if (!s) throw new InvalidInputError('spend', 'A spend names the fund, the amount, the recipient and what it is for.', 'REQUIRED');
    if (!(FUNDS as readonly string[]).includes(s.fund)) throw new InvalidInputError('spend.fund', `fund is one of ${FUNDS.join(', ')}.`);
    const money = parseMoney('spend.amount', s.amount);
    if (money.amountMinor <= 0n) throw new InvalidInputError('spend.amount.amountMinor', 'A spend is more than zero.', 'NOT_POSITIVE');
    const memo = requireText('spend.memo', s.memo ?? '', 3, 500);
    let recipient: SpendRecipient;
    if (s.recipientDid && !s.recipientOrganizationId) {
      const [agent] = await this.agents.byDids([s.recipientDid.trim()]);
      if (!agent || agent.kind === 'EXTERNAL')
        throw new InvalidInputError(
          'spend.recipientDid',
          'The recipient is not a person or organization of this platform.',
          'UNKNOWN_AGENT',
        );
      recipient = { kind: 'AGENT', did: agent.did };
    } else if (s.recipientOrganizationId && !s.recipientDid) {
      const to = await this.organizations.get(s.recipientOrganizationId);
      const fund = (s.recipientFund ?? s.fund) as Fund;
      if (!(FUNDS as readonly string[]).includes(fund))
        throw new InvalidInputError('spend.recipientFund', `recipientFund is one of ${FUNDS.join(', ')}.`);
      if (to.id === target.organizationId && fund === s.fund)
        throw new InvalidInputError('spend.recipientFund', 'A fund cannot pay itself.', 'SAME_FUND');
      recipient = { kind: 'FUND', organizationId: to.id, fund };
    } else
      throw new InvalidInputError(
        'spend',
        'Name one recipient: recipientDid, or recipientOrganizationId (with recipientFund).',
        'ONE_RECIPIENT',
      );
    return {
      kind: 'TREASURY_SPEND',
      fund: s.fund as Fund,
      amountMinor: money.amountMinor.toString(),
      currency: money.currency,
      recipient,
      memo,
    };
  }

  async prepare(spend: PayloadOf<'TREASURY_SPEND'>, target: ProposalTarget & { decisionRule: DecisionRule }): Promise<void> {
    if (target.decisionRule === 'APPROVALS_ONLY') {
      const rules = await this.treasury.rulesOf(target.organizationId);
      if (
        !rules.approvalsAloneBelow ||
        this.treasury.needsApprovals(rules, { amountMinor: BigInt(spend.amountMinor), currency: spend.currency })
      ) {
        throw new InvalidInputError(
          'decisionRule',
          'This organization’s rules let treasurers approve spends without a vote only up to its threshold.',
          'VOTE_REQUIRED',
        );
      }
    }
    // Nothing may be proposed that the fund cannot pay now (it is checked again at execution).
    const held = await this.treasury.balanceOf(target.organizationId, spend.fund, spend.currency);
    if (held < BigInt(spend.amountMinor))
      throw new InvalidInputError(
        'spend.amount.amountMinor',
        `The ${spend.fund.toLowerCase()} fund holds ${held} minor units of ${spend.currency}, less than this spend.`,
        'INSUFFICIENT_FUNDS',
      );
  }

  async awaitsApprovals(tx: Tx, p: ProposalOf<'TREASURY_SPEND'>): Promise<boolean> {
    return this.treasury.needsApprovals(await this.treasury.rulesOf(p.organizationId, tx), {
      amountMinor: BigInt(p.payload.amountMinor),
      currency: p.payload.currency,
    });
  }

  async gather(p: ProposalOf<'TREASURY_SPEND'>): Promise<{ recipientDid: string }> {
    const r = p.payload.recipient;
    return { recipientDid: r.kind === 'AGENT' ? r.did : (await this.organizations.get(r.organizationId)).did };
  }

  async execute(
    tx: Tx,
    p: ProposalOf<'TREASURY_SPEND'>,
    ctx: ExecutionContext<{ recipientDid: string }>,
  ): Promise<Record<string, unknown>> {
    return this.treasury.spendIn(tx, p, ctx.organizationDid, ctx.gathered.recipientDid);
  }

  describe(payload: PayloadOf<'TREASURY_SPEND'>): ProposalDescription {
    return { spend: payload };
  }
}
