import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Authenticated, Public } from '../common/auth/access.decorator.js';
import { CurrentViewer, RequiredViewer } from '../common/auth/viewer.decorator.js';
import type { Viewer } from '../common/auth/viewer.js';
import type { GraphQLContext } from '../common/graphql/context.js';
import { MoneyInput } from '../production/dto/production.inputs.js';
import {
  FlowIntervalGql,
  LedgerAccountModel,
  LedgerEntryConnection,
  PayoutExplanationModel,
  PayoutFlowsModel,
  PayoutModel,
  RewardPolicyModel,
  SettlementModel,
} from './models/rewards.models.js';
import { PayoutFlowsService } from './distribution/payout-flows.service.js';
import { toLedgerEntryModel, toPayoutFlowsModel, toPayoutModel, toSettlementModel } from './rewards.mappers.js';
import { RewardsService } from './rewards.service.js';
import { PoliciesService } from './policy/policies.service.js';
import { LedgerAccountsService } from './ledger/ledger-accounts.service.js';
import { IDEMPOTENCY_KEY_DESCRIPTION } from '../common/graphql/idempotency-key.js';

@Resolver(() => SettlementModel)
export class RewardsResolver {
  constructor(
    private readonly rewards: RewardsService,
    private readonly policies: PoliciesService,
    private readonly ledgerAccounts: LedgerAccountsService,
    private readonly payoutFlowsService: PayoutFlowsService,
  ) {}

  @Authenticated()
  @Mutation(() => SettlementModel, {
    description: 'Record the payment for an accepted job; the worker then shares it out by the fabricating co-op’s reward policy.',
  })
  async recordPayment(
    @RequiredViewer() viewer: Viewer,
    @Args('jobId', { type: () => ID }) jobId: string,
    @Args('amount') amount: MoneyInput,
    @Args('idempotencyKey', { type: () => String, nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION })
    idempotencyKey?: string | null,
  ): Promise<SettlementModel> {
    return toSettlementModel(await this.rewards.recordPayment(viewer, jobId, amount, idempotencyKey));
  }

  @Authenticated()
  @Query(() => SettlementModel, {
    nullable: true,
    description: 'The payment of a job and its distribution (payer, fabricating organization, people paid).',
  })
  async settlement(@RequiredViewer() viewer: Viewer, @Args('jobId', { type: () => ID }) jobId: string): Promise<SettlementModel | null> {
    const s = await this.rewards.settlementOfJob(viewer, jobId);
    return s ? toSettlementModel(s) : null;
  }

  @Public()
  @Query(() => PayoutExplanationModel, {
    description:
      'Every amount paid to an agent from a settlement, traced to its bucket, rule, records and lineage path (a person’s lines only to them and to the fabricating co-op; others get the PUBLIC view).',
  })
  async payoutExplanation(
    @CurrentViewer() viewer: Viewer | null,
    @Args('settlementId', { type: () => ID }) settlementId: string,
    @Args('agentDid') agentDid: string,
    @Context() ctx: GraphQLContext,
  ): Promise<PayoutExplanationModel> {
    const e = await this.rewards.explanation(viewer, settlementId, agentDid);
    const money = (amountMinor: bigint) => ({ amountMinor: amountMinor.toString(), currency: e.settlement.currency });
    return {
      settlementId: e.settlement.id,
      agentDid: agentDid.trim(),
      view: e.view,
      total: e.total === null ? null : money(e.total),
      settlementTotal: money(e.settlement.amountMinor),
      policyVersion: e.settlement.policyVersion,
      lines: await Promise.all(
        e.lines.map(async (l) => toPayoutModel(l, l.recipientDid ? await ctx.loaders.agentByDid.load(l.recipientDid) : null)),
      ),
      buckets: e.buckets.map((b) => ({ bucket: b.bucket, amount: money(b.amountMinor) })),
    };
  }

  @Public()
  @Query(() => RewardPolicyModel, {
    description: 'The value equation an organization shares income by (its latest adopted version, or the default).',
  })
  async rewardPolicy(@Args('organizationId', { type: () => ID }) organizationId: string): Promise<RewardPolicyModel> {
    const p = await this.policies.policyOf(organizationId);
    return { organizationId, version: p.version, isDefault: p.isDefault, spec: JSON.stringify(p.spec) };
  }

  @Public()
  @Query(() => LedgerEntryConnection, {
    description: 'Entries of a ledger account, newest first. Funds and organizations are public; a person’s account is theirs only.',
  })
  async ledger(
    @CurrentViewer() viewer: Viewer | null,
    @Args('accountId', { type: () => ID }) accountId: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<LedgerEntryConnection> {
    const page = await this.ledgerAccounts.ledgerPage(viewer, accountId, first, after);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toLedgerEntryModel(e.node) })) };
  }

  @Authenticated()
  @Query(() => [LedgerAccountModel], { description: 'Your ledger accounts with their balances.' })
  async myLedgerAccounts(@RequiredViewer() viewer: Viewer): Promise<LedgerAccountModel[]> {
    return this.ledgerAccounts.myAccounts(viewer);
  }

  @Public()
  @Query(() => [LedgerAccountModel], { description: 'An organization’s accounts and funds with their balances (public).' })
  async organizationLedgerAccounts(@Args('organizationId', { type: () => ID }) organizationId: string): Promise<LedgerAccountModel[]> {
    return this.ledgerAccounts.organizationAccounts(organizationId);
  }

  @Public()
  @Query(() => PayoutFlowsModel, {
    description: 'Income an organization has distributed, by bucket and period (public aggregate; no person is named).',
  })
  async payoutFlows(
    @Args('organizationId', { type: () => ID }) organizationId: string,
    @Args('interval', { type: () => FlowIntervalGql, defaultValue: FlowIntervalGql.MONTH }) interval: FlowIntervalGql,
    @Args('periods', { type: () => Int, defaultValue: 12, description: 'How many periods, ending with the current one (1 to 366).' })
    periods: number,
  ): Promise<PayoutFlowsModel> {
    return toPayoutFlowsModel(await this.payoutFlowsService.flows(organizationId, interval, periods));
  }

  @Authenticated()
  @ResolveField(() => [PayoutModel], {
    description: 'Lines paid to a person name them only to that person and to the fabricating organization’s members.',
  })
  async payouts(@Parent() s: SettlementModel, @RequiredViewer() viewer: Viewer, @Context() ctx: GraphQLContext): Promise<PayoutModel[]> {
    const lines = await this.rewards.visiblePayouts(viewer, s.id);
    return Promise.all(lines.map(async (l) => toPayoutModel(l, l.recipientDid ? await ctx.loaders.agentByDid.load(l.recipientDid) : null)));
  }
}
