import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Authenticated } from '../common/auth/access.decorator.js';
import { RequiredViewer } from '../common/auth/viewer.decorator.js';
import type { Viewer } from '../common/auth/viewer.js';
import { CapacityOfferInput, SubcontractInput } from './dto/lending.inputs.js';
import { toCommitment, toOfferModel, toSubcontractModel } from './lending.mappers.js';
import { LendingService } from './lending.service.js';
import { CapacityOfferModel, SubcontractModel, ValueflowsCommitmentModel } from './models/lending.models.js';

@Resolver(() => SubcontractModel)
export class LendingResolver {
  constructor(private readonly lending: LendingService) {}

  @Authenticated()
  @Query(() => [CapacityOfferModel], {
    description: 'Machine-hours the co-ops of a federation lend each other, still open (members of its co-ops).',
  })
  async capacityOffers(
    @RequiredViewer() viewer: Viewer,
    @Args('federationId', { type: () => ID }) federationId: string,
    @Args('process', { type: () => String, nullable: true }) process?: string | null,
  ): Promise<CapacityOfferModel[]> {
    return (await this.lending.openOffers(viewer, federationId, process)).map(toOfferModel);
  }

  @Authenticated()
  @Query(() => [SubcontractModel], { description: 'Lent machine-hours booked for a job (whoever may read the job).' })
  async jobSubcontracts(@RequiredViewer() viewer: Viewer, @Args('jobId', { type: () => ID }) jobId: string): Promise<SubcontractModel[]> {
    return (await this.lending.subcontractsOfJob(viewer, jobId)).map(toSubcontractModel);
  }

  @Authenticated()
  @Query(() => [SubcontractModel], { description: 'Jobs an offer’s hours were booked for (members of the lending co-op).' })
  async offerSubcontracts(
    @RequiredViewer() viewer: Viewer,
    @Args('offerId', { type: () => ID }) offerId: string,
  ): Promise<SubcontractModel[]> {
    return (await this.lending.subcontractsOfOffer(viewer, offerId)).map(toSubcontractModel);
  }

  @Authenticated()
  @Mutation(() => CapacityOfferModel, {
    description: 'Lend machine-hours of one process to the other co-ops of a federation (members of the facility’s co-op).',
  })
  async offerCapacity(@RequiredViewer() viewer: Viewer, @Args('input') input: CapacityOfferInput): Promise<CapacityOfferModel> {
    return toOfferModel(await this.lending.offer(viewer, input));
  }

  @Authenticated()
  @Mutation(() => CapacityOfferModel, { description: 'Stop lending an offer’s remaining hours; booked hours stay booked.' })
  async withdrawCapacityOffer(
    @RequiredViewer() viewer: Viewer,
    @Args('offerId', { type: () => ID }) offerId: string,
  ): Promise<CapacityOfferModel> {
    return toOfferModel(await this.lending.withdraw(viewer, offerId));
  }

  @Authenticated()
  @Mutation(() => SubcontractModel, {
    description:
      'Book lent machine-hours for a job your facility holds: a subcontract (a Valueflows commitment). The hours leave your own calendar for the lender’s; when the job is made the lending co-op is credited for them.',
  })
  async subcontractCapacity(@RequiredViewer() viewer: Viewer, @Args('input') input: SubcontractInput): Promise<SubcontractModel> {
    return toSubcontractModel(await this.lending.subcontract(viewer, input));
  }

  @Authenticated()
  @ResolveField(() => ValueflowsCommitmentModel, { description: 'This subcontract as a Valueflows Commitment.' })
  async commitment(@Parent() s: SubcontractModel): Promise<ValueflowsCommitmentModel> {
    return toCommitment(s, await this.lending.agentDids(s));
  }
}
