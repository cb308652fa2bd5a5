import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Public } from '../../common/auth/access.decorator.js';
import type { GraphQLContext } from '../../common/graphql/context.js';
import { FacilityModel } from '../../facilities/models/facility.models.js';
import { FacilityMatchModel } from '../models/match.models.js';
import { FacilityReliabilityModel, toReliabilityModel } from './reliability.models.js';

// A facility's delivery record: on its profile, and beside each match.
@Resolver(() => FacilityModel)
export class FacilityReliabilityResolver {
  @Public()
  @ResolveField(() => FacilityReliabilityModel, {
    description: 'On-time and accepted-on-first-delivery rates with their sample sizes, disputes and probation.',
  })
  async reliability(@Parent() f: FacilityModel, @Context() ctx: GraphQLContext): Promise<FacilityReliabilityModel> {
    return toReliabilityModel(await ctx.loaders.reliabilityOfFacility.load(f.id));
  }
}

@Resolver(() => FacilityMatchModel)
export class MatchReliabilityResolver {
  @Public()
  @ResolveField(() => FacilityReliabilityModel, {
    nullable: true,
    description: 'The delivery record the match was ranked on (null for an excluded facility).',
  })
  async reliability(@Parent() m: FacilityMatchModel, @Context() ctx: GraphQLContext): Promise<FacilityReliabilityModel | null> {
    if (!m.eligible) return null;
    return m.reliability ?? toReliabilityModel(await ctx.loaders.reliabilityOfFacility.load(m.facility.id));
  }
}
