import { Args, Query, Resolver } from '@nestjs/graphql';
import { Public } from '../common/auth/access.decorator.js';
import { CurrentViewer } from '../common/auth/viewer.decorator.js';
import type { Viewer } from '../common/auth/viewer.js';
import { MatchFacilitiesInput } from './dto/match.inputs.js';
import { toMatchModel, toSplitPlanModel } from './matching.mappers.js';
import { matchCursor } from './match-page.js';
import { MatchingService } from './matching.service.js';
import { FacilityMatchConnection, SplitPlanModel } from './models/match.models.js';

@Resolver()
export class MatchingResolver {
  constructor(private readonly matching: MatchingService) {}

  @Public()
  @Query(() => FacilityMatchConnection, {
    description:
      'Facilities that can make every part, best first, a page at a time (input.first, input.after); with explain, the near ones excluded and why. Distances (and the scores and reasons built on them) are exact only for members of the facility’s organization and facilities that publish their location; otherwise measured from the public, rounded location in whole kilometres.',
  })
  async matchFacilities(
    @CurrentViewer() viewer: Viewer | null,
    @Args('input') input: MatchFacilitiesInput,
  ): Promise<FacilityMatchConnection> {
    const result = await this.matching.match(input, viewer);
    const offset = result.offset ?? 0;
    const edges = result.matches.map((m, i) => ({ cursor: matchCursor(offset + i + 1), node: toMatchModel(m) }));
    return {
      edges,
      totalCount: result.totalCount ?? edges.length,
      excluded: result.excluded.map(toMatchModel),
      pageInfo: {
        hasNextPage: offset + edges.length < (result.totalCount ?? 0),
        hasPreviousPage: offset > 0,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }

  @Public()
  @Query(() => SplitPlanModel, {
    nullable: true,
    description:
      'When no single facility can make everything: parts assigned to nearby facilities plus an assembler (null when some part has no maker in range).',
  })
  async planSplitProduction(
    @CurrentViewer() viewer: Viewer | null,
    @Args('input') input: MatchFacilitiesInput,
  ): Promise<SplitPlanModel | null> {
    const plan = await this.matching.split(input, viewer);
    return plan ? toSplitPlanModel(plan) : null;
  }
}
