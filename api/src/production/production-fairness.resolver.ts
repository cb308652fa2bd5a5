import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Authenticated } from '../common/auth/access.decorator.js';
import type { GraphQLContext } from '../common/graphql/context.js';
import { JobOfferModel, ProductionJobModel } from './models/production.models.js';

// Conflicts of interest, shown where they arise: on a job claimed by the person who requested it
// (only an organization whose matching policy allows it lets that happen), and on an offer to a
// facility of an organization the requester belongs to.
@Resolver(() => ProductionJobModel)
export class JobConflictResolver {
  @Authenticated()
  @ResolveField(() => Boolean, {
    description:
      'The person who requested this job claimed it for a facility of their own organization (allowed only by that organization’s matching policy): they may also accept it alone.',
  })
  async conflictOfInterest(@Parent() j: ProductionJobModel, @Context() ctx: GraphQLContext): Promise<boolean> {
    if (!j.claimedBy) return false;
    return (await ctx.loaders.productionRequest.load(j.requestId))!.requesterAccountId === j.claimedBy;
  }
}

@Resolver(() => JobOfferModel)
export class OfferConflictResolver {
  @Authenticated()
  @ResolveField(() => Boolean, {
    description:
      'The requester is a member of the organization of the facility offered the job: they may not claim it for that facility unless its organization allows it.',
  })
  async conflictOfInterest(@Parent() o: JobOfferModel, @Context() ctx: GraphQLContext): Promise<boolean> {
    const job = await ctx.loaders.productionJob.load(o.jobId);
    const request = job && (await ctx.loaders.productionRequest.load(job.requestId));
    if (!request) return false;
    const [facility, memberships] = await Promise.all([
      ctx.loaders.facility.load(o.facilityId),
      ctx.loaders.membershipsOfAccount.load(request.requesterAccountId),
    ]);
    return !!facility && memberships.some((m) => m.organizationId === facility.organizationId);
  }
}
