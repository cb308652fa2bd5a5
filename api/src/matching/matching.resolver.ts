import { Args, Query, Resolver } from '@nestjs/graphql';
import { Public } from '../common/auth/access.decorator.js';
import { MatchFacilitiesInput } from './dto/match.inputs.js';
import { toMatchModel, toSplitPlanModel } from './matching.mappers.js';
import { MatchingService } from './matching.service.js';
import { FacilityMatchModel, SplitPlanModel } from './models/match.models.js';

@Resolver()
export class MatchingResolver {
  constructor(private readonly matching: MatchingService) {}

  @Public()
  @Query(() => [FacilityMatchModel], { description: 'Facilities that can make every part, best first; with explain, then the near ones excluded and why.' })
  async matchFacilities(@Args('input') input: MatchFacilitiesInput): Promise<FacilityMatchModel[]> {
    const result = await this.matching.match(input);
    return [...result.matches, ...result.excluded].map(toMatchModel);
  }

  @Public()
  @Query(() => SplitPlanModel, { nullable: true, description: 'When no single facility can make everything: parts assigned to nearby facilities plus an assembler (null when some part has no maker in range).' })
  async planSplitProduction(@Args('input') input: MatchFacilitiesInput): Promise<SplitPlanModel | null> {
    const plan = await this.matching.split(input);
    return plan ? toSplitPlanModel(plan) : null;
  }
}
