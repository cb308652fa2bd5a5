import { Args, Context, ID, Info, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { nodesSelect, selects, selectionsAt } from '../common/graphql/selection.js';
import type { ReadAhead } from './design-catalogue-read-ahead.js';
import { primeWithPage } from './designs.loaders.js';
import { Authenticated, Public } from '../common/auth/access.decorator.js';
import { CurrentViewer, RequiredViewer } from '../common/auth/viewer.decorator.js';
import type { Viewer } from '../common/auth/viewer.js';
import { connectionFromPage, decodeTimeIdCursor, pageSize, timeIdKey, type Connection } from '../common/graphql/connection.js';
import type { GraphQLContext } from '../common/graphql/context.js';
import { toAccountModel, toOrganizationModel } from '../identity/identity.mappers.js';
import { AccountModel, OrganizationModel } from '../identity/models/identity.models.js';
import { DesignImportService } from './design-import.service.js';
import { DesignsService } from './designs.service.js';
import { toDesignModel, toVersionModel } from './designs.mappers.js';
import { DesignFilterInput, PublishDesignVersionInput } from './dto/publish.inputs.js';
import { IDEMPOTENCY_KEY_DESCRIPTION } from '../common/graphql/idempotency-key.js';
import {
  DesignConnection,
  DesignModel,
  DesignVersionConnection,
  DesignVersionModel,
  LineageEntryModel,
  ManifestFormatGql,
  ParentLinkModel,
} from './models/design.models.js';

// The DesignVersion fields that show the manifest summary (SUMMARY_FIELDS).
const SUMMARY_GQL_FIELDS = ['description', 'parts', 'bom', 'notes'];

// What a catalogue page reads ahead for the fields its nodes select (the latestVersion resolver below
// picks its loader by the same rule).
function readAhead(info: GraphQLResolveInfo): ReadAhead {
  const latest = selectionsAt(info, ['edges', 'node', 'latestVersion']);
  const owners = ['ownerAccount', 'ownerOrganization'].some((f) => selectionsAt(info, ['edges', 'node', f]).length > 0);
  if (!latest.length) return { owners };
  return { latest: SUMMARY_GQL_FIELDS.some((f) => nodesSelect(latest, f)) ? 'summary' : 'head', owners };
}

@Resolver(() => DesignModel)
export class DesignsResolver {
  constructor(private readonly service: DesignsService) {}

  @Public()
  @Query(() => DesignModel, { nullable: true, description: 'A design by id (NOT_FOUND when there is none).' })
  async design(@Args('id', { type: () => ID }) id: string): Promise<DesignModel> {
    return toDesignModel(await this.service.design(id));
  }

  @Public()
  @Query(() => DesignConnection, { description: 'The catalogue: ranked by relevance with text, newest first without.' })
  async designs(
    @Args('filter', { type: () => DesignFilterInput, nullable: true }) filter?: DesignFilterInput,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
    @Info() info?: GraphQLResolveInfo,
    @Context() ctx?: GraphQLContext,
  ): Promise<DesignConnection> {
    const withTotal = !info || selects(info, 'totalCount') || selects(info, 'totalCountCapped');
    // What the nodes show of their latest version and owners comes with the page, and waits in
    // this request's loaders for the fields that show it.
    const ahead = info ? readAhead(info) : {};
    const { read, ...page } = await this.service.search(filter ?? {}, { first, after, withTotal, ahead });
    if (ctx) primeWithPage(ctx.loaders, read);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toDesignModel(e.node) })) };
  }

  @Public()
  @ResolveField(() => AccountModel, { nullable: true, description: 'Set when a person owns the design.' })
  async ownerAccount(@Parent() d: DesignModel, @Context() ctx: GraphQLContext, @CurrentViewer() viewer: Viewer | null) {
    const account = d.ownerAccountId ? await ctx.loaders.account.load(d.ownerAccountId) : null;
    return account && toAccountModel(account, viewer);
  }

  @Public()
  @ResolveField(() => OrganizationModel, { nullable: true, description: 'Set when an organization owns the design.' })
  async ownerOrganization(@Parent() d: DesignModel, @Context() ctx: GraphQLContext) {
    const org = d.ownerOrganizationId ? await ctx.loaders.organization.load(d.ownerOrganizationId) : null;
    return org && toOrganizationModel(org);
  }

  @Public()
  @ResolveField(() => DesignVersionModel, { nullable: true })
  async latestVersion(@Parent() d: DesignModel, @Context() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    // The manifest fields asked for come in the same query as the version.
    if (SUMMARY_GQL_FIELDS.some((f) => selects(info, f))) {
      const v = await ctx.loaders.latestVersionWithSummary.load(d.id);
      return v && toVersionModel(v.head, v.summary);
    }
    const v = await ctx.loaders.latestVersion.load(d.id);
    return v && toVersionModel(v);
  }

  @Public()
  @ResolveField(() => DesignVersionConnection, { description: 'Newest first.' })
  async versions(
    @Parent() d: DesignModel,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<Connection<DesignVersionModel>> {
    const size = pageSize(first);
    const cursor = after ? decodeTimeIdCursor(after) : undefined;
    const before = cursor && { publishedAt: cursor.at, id: cursor.id };
    const [rows, totalCount] = await Promise.all([
      this.service.versionHeadsOfDesign(d.id, size + 1, before),
      this.service.countVersions(d.id),
    ]);
    return connectionFromPage(
      rows.map((v) => toVersionModel(v)),
      (v) => timeIdKey(v.publishedAt, v.id),
      { size, after, totalCount },
    );
  }
}

@Resolver(() => DesignVersionModel)
export class DesignVersionsResolver {
  constructor(
    private readonly designs: DesignsService,
    private readonly imports: DesignImportService,
  ) {}

  @Authenticated()
  @Mutation(() => DesignVersionModel, {
    description: 'Publish an immutable design version (a new design, or a new version of one you own).',
  })
  async publishDesignVersion(
    @RequiredViewer() viewer: Viewer,
    @Args('input') input: PublishDesignVersionInput,
    @Args('idempotencyKey', { type: () => String, nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION })
    idempotencyKey?: string | null,
  ): Promise<DesignVersionModel> {
    return toVersionModel(await this.designs.publish(viewer, input, { key: idempotencyKey }));
  }

  @Authenticated()
  @Mutation(() => DesignVersionModel, {
    description: 'Publish a design from an Open Know-How manifest (OKH-LOSH TOML/JSON or OKH v1 YAML).',
  })
  async importOkhManifest(
    @RequiredViewer() viewer: Viewer,
    @Args('content') content: string,
    @Args('format', { type: () => ManifestFormatGql }) format: ManifestFormatGql,
    @Args('organizationId', { type: () => ID, nullable: true }) organizationId?: string,
    @Args('idempotencyKey', { type: () => String, nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION })
    idempotencyKey?: string | null,
  ): Promise<DesignVersionModel> {
    return toVersionModel(await this.imports.importOkh(viewer, content, format, organizationId, idempotencyKey));
  }

  @Public()
  @Query(() => String, { description: 'A version as an OKH manifest: TOML/JSON (OKH-LOSH) or YAML (OKH v1).' })
  async exportOkh(
    @Args('versionCid') versionCid: string,
    @Args('format', { type: () => ManifestFormatGql }) format: ManifestFormatGql,
  ): Promise<string> {
    return this.imports.exportOkh(versionCid, format);
  }

  @Public()
  @Query(() => DesignVersionModel, { nullable: true, description: 'A version by the CID of its manifest (NOT_FOUND when there is none).' })
  async designVersion(@Args('cid') cid: string): Promise<DesignVersionModel> {
    return toVersionModel(await this.designs.versionByCid(cid));
  }

  @Public()
  @ResolveField(() => DesignModel)
  async design(@Parent() v: DesignVersionModel, @Context() ctx: GraphQLContext): Promise<DesignModel> {
    return toDesignModel((await ctx.loaders.design.load(v.designId))!);
  }

  @Public()
  @ResolveField(() => AccountModel, {
    nullable: true,
    description: 'The account that published it here; null for a version of another instance (see origin).',
  })
  async publishedBy(@Parent() v: DesignVersionModel, @Context() ctx: GraphQLContext, @CurrentViewer() viewer: Viewer | null) {
    return v.publishedById ? toAccountModel((await ctx.loaders.account.load(v.publishedById))!, viewer) : null;
  }

  @Public()
  @ResolveField(() => [ParentLinkModel], { description: 'The versions this one remixes, with the credit each receives.' })
  async parents(@Parent() v: DesignVersionModel, @Context() ctx: GraphQLContext): Promise<ParentLinkModel[]> {
    const links = await ctx.loaders.parents.load(v.id);
    const parents = await ctx.loaders.version.loadMany(links.map((l) => l.parentId));
    return links.map((l, i) =>
      Object.assign(new ParentLinkModel(), {
        version: toVersionModel(parents[i] as never),
        shareBps: l.shareBps,
        relation: l.relation,
      }),
    );
  }

  @Public()
  @ResolveField(() => [LineageEntryModel], { description: 'Everything this version descends from, nearest first.' })
  async ancestors(@Parent() v: DesignVersionModel, @Args('depth', { type: () => Int, defaultValue: 10 }) depth: number) {
    return (await this.designs.lineage(v.id, 'ancestors', depth)).map((e) => ({ depth: e.depth, version: toVersionModel(e.version) }));
  }

  @Public()
  @ResolveField(() => [LineageEntryModel], { description: 'Every remix of this version, nearest first.' })
  async descendants(@Parent() v: DesignVersionModel, @Args('depth', { type: () => Int, defaultValue: 10 }) depth: number) {
    return (await this.designs.lineage(v.id, 'descendants', depth)).map((e) => ({ depth: e.depth, version: toVersionModel(e.version) }));
  }
}
