import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Public } from '../common/auth/access.decorator.js';
import type { GraphQLContext } from '../common/graphql/context.js';
import type { FileRef, ManifestSummary } from './designs.types.js';
import { BomLineModel, DesignVersionModel, FileEntryModel, PartModel } from './models/design.models.js';

// The DesignVersion fields that come from its manifest. Lists and loaders read versions without
// their manifests (a JSON document with every file and part); these fields read only the part of
// it they show, batched for every version of the response, and only when asked for.
@Resolver(() => DesignVersionModel)
export class DesignManifestFieldsResolver {
  @Public()
  @ResolveField(() => String, { nullable: true })
  async description(@Parent() v: DesignVersionModel, @Context() ctx: GraphQLContext): Promise<string | null> {
    return (await summary(v, ctx)).function ?? null;
  }

  @Public()
  @ResolveField(() => [PartModel])
  async parts(@Parent() v: DesignVersionModel, @Context() ctx: GraphQLContext): Promise<PartModel[]> {
    return (await summary(v, ctx)).parts ?? [];
  }

  @Public()
  @ResolveField(() => [BomLineModel])
  async bom(@Parent() v: DesignVersionModel, @Context() ctx: GraphQLContext): Promise<BomLineModel[]> {
    return (await summary(v, ctx)).bom ?? [];
  }

  @Public()
  @ResolveField(() => [String], { description: 'What an imported manifest said that could not be kept as data.' })
  async notes(@Parent() v: DesignVersionModel, @Context() ctx: GraphQLContext): Promise<string[]> {
    return (await summary(v, ctx)).notes ?? [];
  }

  @Public()
  @ResolveField(() => [FileEntryModel])
  async files(@Parent() v: DesignVersionModel, @Context() ctx: GraphQLContext): Promise<FileRef[]> {
    return (v.manifest ?? (await ctx.loaders.manifestFiles.load(v.id))).files ?? [];
  }
}

function summary(v: DesignVersionModel, ctx: GraphQLContext): ManifestSummary | Promise<ManifestSummary> {
  return v.manifest ?? v.summary ?? ctx.loaders.manifestSummary.load(v.id);
}
