import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../../common/graphql/connection.js';
import { MoneyModel } from '../../production/models/production.models.js';

@ObjectType('RewardEpoch', {
  description: 'Unpaid balances of people with a linked wallet, published as one Merkle root to the RewardDistributor.',
})
export class RewardEpochModel {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: 'The epoch number on the contract.' }) number: number;
  @Field(() => Int) chainId: number;
  @Field({ description: 'The RewardDistributor contract.' }) distributor: string;
  @Field({ description: 'The ERC-20 it pays.' }) token: string;
  @Field(() => Int) tokenDecimals: number;
  @Field({ description: 'The StandardMerkleTree root of (address, uint256 amount) leaves.' }) root: string;
  @Field(() => Int) leaves: number;
  @Field(() => MoneyModel) total: MoneyModel;
  @Field({ description: 'The total in token units.' }) totalUnits: string;
  @Field(() => MoneyModel, { description: 'Claimed on chain so far.' }) claimed: MoneyModel;
  @Field(() => Int) claims: number;
  @Field({ description: 'BUILT, AWAITING_FUNDS, SUBMITTED, PUBLISHED or FAILED.' }) status: string;
  @Field(() => String, { nullable: true }) txHash: string | null;
  @Field(() => String, { nullable: true, description: 'Block of the publication (decimal).' }) blockNumber: string | null;
  @Field(() => String, { nullable: true, description: 'Why the epoch waits or failed.' }) lastError: string | null;
  @Field(() => ID, { description: 'The ledger transaction that moved the balances to the clearing account.' }) ledgerTransactionId: string;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) publishedAt: Date | null;
}

@ObjectType('RewardEpochConnection')
export class RewardEpochConnection extends Connection(RewardEpochModel, 'RewardEpochPage') {}

@ObjectType('RewardClaim', {
  description: 'Your share of an epoch: what to send to RewardDistributor.claim(epoch, address, amountUnits, proof).',
})
export class RewardClaimModel {
  @Field(() => Int) epoch: number;
  @Field(() => Int) chainId: number;
  @Field() distributor: string;
  @Field() token: string;
  @Field({ description: 'The wallet the tokens go to.' }) address: string;
  @Field(() => MoneyModel) amount: MoneyModel;
  @Field({ description: 'The leaf amount in token units (uint256, decimal).' }) amountUnits: string;
  @Field(() => [String], { description: 'The Merkle proof (bytes32 each).' }) proof: string[];
  @Field({ description: 'PENDING (the epoch is not yet on chain), CLAIMABLE or CLAIMED.' }) status: string;
  @Field(() => String, { nullable: true }) claimTx: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) claimedAt: Date | null;
}
