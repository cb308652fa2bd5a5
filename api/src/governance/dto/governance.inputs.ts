import { Field, GraphQLISODateTime, ID, InputType, Int } from '@nestjs/graphql';
import { MoneyInput } from '../../production/dto/production.inputs.js';
import { DecisionRuleGql, ProposalKindGql } from '../models/governance.models.js';

@InputType()
export class SpendInput {
  @Field({ description: 'SOLIDARITY or COMMONS.' }) fund: string;
  @Field(() => MoneyInput) amount: MoneyInput;
  @Field(() => String, { nullable: true, description: 'Pay a person or organization (its own account): their DID.' }) recipientDid?:
    string | null;
  @Field(() => ID, { nullable: true, description: 'Or pay an organization’s fund (e.g. a federation’s solidarity fund).' })
  recipientOrganizationId?: string | null;
  @Field(() => String, { nullable: true, description: 'That organization’s fund; the same fund by default.' }) recipientFund?:
    string | null;
  @Field() memo: string;
}

@InputType()
export class FacilityVerificationInput {
  @Field(() => ID) facilityId: string;
  @Field({ description: 'SELF_ASSERTED, PEER_ATTESTED or VERIFIED.' }) level: string;
  @Field() reason: string;
}

@InputType()
export class MembershipChangeInput {
  @Field({ description: 'ADMIT or REMOVE.' }) action: string;
  @Field(() => String, { nullable: true, description: 'ADMIT: the account’s email.' }) email?: string | null;
  @Field(() => ID, { nullable: true, description: 'REMOVE: the member’s account id.' }) accountId?: string | null;
  @Field(() => ID, { nullable: true, description: 'In a federation: the organization admitted or removed.' }) organizationId?:
    string | null;
  @Field(() => String, { nullable: true, description: 'ADMIT: MEMBER (default), TREASURER or ADMIN.' }) role?: string | null;
}

@InputType()
export class CreateProposalInput {
  @Field(() => ID) organizationId: string;
  @Field(() => ProposalKindGql) kind: ProposalKindGql;
  @Field() title: string;
  @Field(() => String, { nullable: true }) body?: string | null;
  @Field(() => DecisionRuleGql, { nullable: true, description: 'SIMPLE_MAJORITY by default.' }) decisionRule?: DecisionRuleGql | null;
  @Field(() => [String], { nullable: true, description: 'TEXT proposals only: 2 to 10 options (default yes / no).' }) options?:
    string[] | null;
  @Field(() => Int, { nullable: true, description: 'Share of members who must vote, basis points (default 5000).' }) quorumBps?:
    number | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Default: now.' }) votingStartsAt?: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Default: a week after the start.' }) votingEndsAt?: Date | null;
  @Field(() => String, { nullable: true, description: 'REWARD_POLICY_CHANGE: the value equation as JSON.' }) policy?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'MATCHING_POLICY_CHANGE: the fields to change, as JSON (windowDays, windowJobs, onTimeTarget, firstDeliveryTarget, probationJobs, probationMaxQuantity, allowOwnRequests).',
  })
  matchingPolicy?: string | null;
  @Field(() => SpendInput, { nullable: true }) spend?: SpendInput | null;
  @Field(() => FacilityVerificationInput, { nullable: true }) facility?: FacilityVerificationInput | null;
  @Field(() => MembershipChangeInput, { nullable: true }) membership?: MembershipChangeInput | null;
}

@InputType()
export class TreasuryRulesInput {
  @Field(() => Int) approvalsRequired: number;
  @Field({ description: 'Minor units.' }) approvalThresholdMinor: string;
  @Field(() => String, {
    nullable: true,
    description: 'The threshold’s ISO 4217 currency; required above zero. Spends in other currencies always need the approvals.',
  })
  approvalThresholdCurrency?: string | null;
  @Field() approvalsAloneBelowThreshold: boolean;
}
