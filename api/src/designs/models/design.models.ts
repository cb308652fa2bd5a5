import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../../common/graphql/enums.js';
import { LICENCE_CLASSES, type LicenceClass } from '../licences.js';
import {
  DESIGN_ORIGINS,
  LINEAGE_RELATIONS,
  type DesignOrigin,
  type LineageRelation,
  type Manifest,
  type ManifestSummary,
} from '../designs.types.js';
import { MANIFEST_FORMATS, type ManifestFormat } from '../okh/okh-format.js';
import { Connection, PageInfo } from '../../common/graphql/connection.js';

export const LicenceClassGql = graphqlEnum(LICENCE_CLASSES, {
  name: 'LicenseClass',
  description: 'What the licences allow a co-op that fabricates and sells the design.',
});
export type LicenceClassGql = LicenceClass;

export const LineageRelationGql = graphqlEnum(LINEAGE_RELATIONS, { name: 'LineageRelation' });
export type LineageRelationGql = LineageRelation;

export const DesignOriginGql = graphqlEnum(DESIGN_ORIGINS, {
  name: 'DesignOrigin',
  description: 'LOCAL: published on this instance. REMOTE: mirrored from an instance an organization here follows.',
});
export type DesignOriginGql = DesignOrigin;

@ObjectType('Origin', { description: 'Where a design or version was published: this instance, or another one over ActivityPub.' })
export class OriginModel {
  @Field() local: boolean;
  @Field(() => String, { nullable: true, description: 'The host of the instance it came from (null when local).' })
  instance: string | null;
  @Field(() => String, { nullable: true, description: 'The ActivityPub actor that published it (null when local).' })
  actorUrl: string | null;
  @Field(() => String, { nullable: true, description: 'Its ActivityPub object on its instance (null when local).' })
  url: string | null;
}

export const ManifestFormatGql = graphqlEnum(MANIFEST_FORMATS, {
  name: 'ManifestFormat',
  description: 'TOML and JSON: OKH-LOSH. YAML: OKH v1.',
});
export type ManifestFormatGql = ManifestFormat;

@ObjectType('FileEntry')
export class FileEntryModel {
  @Field() path: string;
  @Field() cid: string;
  @Field(() => Float, { description: 'Bytes.' }) size: number;
}

@ObjectType('Licenses')
export class LicencesModel {
  @Field({ description: 'SPDX expression.' }) hardware: string;
  @Field(() => String, { nullable: true }) documentation: string | null;
  @Field(() => String, { nullable: true }) software: string | null;
}

@ObjectType('Dimensions')
export class DimensionsModel {
  @Field(() => Float) x: number;
  @Field(() => Float) y: number;
  @Field(() => Float) z: number;
}

@ObjectType('Part')
export class PartModel {
  @Field() id: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) material?: string;
  @Field(() => String, { nullable: true, description: 'A process code (THREE_D_PRINTING, CNC_MILLING, LASER_CUTTING, …).' })
  process?: string;
  @Field(() => DimensionsModel, { nullable: true, description: 'Millimetres.' }) outerDimensionsMm?: DimensionsModel;
  @Field(() => Float, { nullable: true }) massGrams?: number;
  @Field(() => DimensionsModel, { nullable: true, description: 'Smallest machine working volume that can make it, mm.' })
  minBuildVolumeMm?: DimensionsModel;
  @Field(() => String, { nullable: true, description: 'ISO 2768-1 class: f, m, c or v.' }) toleranceClass?: string;
}

@ObjectType('BomLine')
export class BomLineModel {
  @Field() id: string;
  @Field() name: string;
  @Field(() => Float) quantity: number;
  @Field() unit: string;
  @Field(() => String, { nullable: true }) partId?: string;
  @Field(() => String, { nullable: true }) mpn?: string;
  @Field(() => String, { nullable: true }) source?: string;
}

@ObjectType('Design', { description: 'A design with a stable identity and immutable versions.' })
export class DesignModel {
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => OriginModel) origin: OriginModel;
  ownerAccountId: string | null;
  ownerOrganizationId: string | null;
}

@ObjectType('DesignVersion', { description: 'One immutable version; its CID is the CID of its dag-cbor manifest on IPFS.' })
export class DesignVersionModel {
  @Field(() => ID) id: string;
  @Field() cid: string;
  @Field({ description: 'UnixFS directory holding the files.' }) rootCid: string;
  @Field() title: string;
  @Field(() => String, { nullable: true }) version: string | null;
  @Field(() => LicencesModel) license: LicencesModel;
  @Field(() => LicenceClassGql) licenseClass: LicenceClassGql;
  @Field(() => GraphQLISODateTime) publishedAt: Date;
  @Field(() => OriginModel) origin: OriginModel;
  // description, files, parts, bom and notes come from the manifest (DesignManifestFieldsResolver):
  // from this one or this summary of it when the version was read with them, from the request's
  // loaders otherwise.
  manifest?: Manifest;
  summary?: ManifestSummary;
  designId: string;
  publishedById: string | null;
}

@ObjectType('ParentLink', { description: 'A parent this version credits.' })
export class ParentLinkModel {
  @Field(() => DesignVersionModel) version: DesignVersionModel;
  @Field(() => Int, { description: 'Basis points of this version’s credit passed to the parent.' }) shareBps: number;
  @Field(() => LineageRelationGql) relation: LineageRelationGql;
}

@ObjectType('LineageEntry')
export class LineageEntryModel {
  @Field(() => Int, { description: 'Steps from the version asked about (1 = direct parent or child).' }) depth: number;
  @Field(() => DesignVersionModel) version: DesignVersionModel;
}

export const DesignVersionConnection = Connection(DesignVersionModel, 'DesignVersion');

@ObjectType('DesignEdge')
class DesignEdge {
  @Field() cursor: string;
  @Field(() => DesignModel) node: DesignModel;
}

// The catalogue's connection counts matches only up to a bound (COUNT_BOUND in design-search.ts).
@ObjectType('DesignConnection')
export class DesignConnection {
  @Field(() => [DesignEdge]) edges: DesignEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int, { description: 'Matches, counted exactly up to 1,000; when there are more, 1,000 and totalCountCapped is true.' })
  totalCount: number;
  @Field({ description: 'True when there are more matches than totalCount (show it as "1,000+").' })
  totalCountCapped: boolean;
}
