import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { DesignOriginGql, LicenceClassGql, LineageRelationGql } from '../models/design.models.js';

@InputType()
export class FileRefInput {
  @Field() path: string;
  @Field() cid: string;
}

@InputType()
export class LicenseInput {
  @Field({ description: 'SPDX identifier or expression, e.g. CERN-OHL-S-2.0.' }) hardware: string;
  @Field(() => String, { nullable: true }) documentation?: string | null;
  @Field(() => String, { nullable: true }) software?: string | null;
}

@InputType()
export class DimensionsInput {
  @Field(() => Float) x: number;
  @Field(() => Float) y: number;
  @Field(() => Float) z: number;
}

@InputType()
export class PartInput {
  @Field(() => String, { nullable: true }) id?: string | null;
  @Field() name: string;
  @Field(() => String, { nullable: true }) material?: string | null;
  @Field(() => String, { nullable: true, description: 'Process code, OKH TsDC code (3DP, PCB, CNC…), fablabs.io name or Wikipedia URI.' })
  process?: string | null;
  @Field(() => DimensionsInput, { nullable: true }) outerDimensionsMm?: DimensionsInput | null;
  @Field(() => Float, { nullable: true }) massGrams?: number | null;
  @Field(() => DimensionsInput, { nullable: true }) minBuildVolumeMm?: DimensionsInput | null;
  @Field(() => String, { nullable: true }) toleranceClass?: string | null;
}

@InputType()
export class BomLineInput {
  @Field(() => String, { nullable: true }) id?: string;
  @Field() name: string;
  @Field(() => Float) quantity: number;
  @Field(() => String, { nullable: true }) unit?: string;
  @Field(() => String, { nullable: true }) partId?: string;
  @Field(() => String, { nullable: true }) mpn?: string;
  @Field(() => String, { nullable: true }) source?: string;
}

@InputType()
export class ParentShareInput {
  @Field() versionCid: string;
  @Field(() => Int, { description: 'Basis points (1/100 %) of the credit passed to this parent; all parents together ≤ 10000.' })
  shareBps: number;
  @Field(() => LineageRelationGql, { nullable: true, defaultValue: LineageRelationGql.DERIVATIVE_OF }) relation?: LineageRelationGql;
}

@InputType()
export class PublishDesignVersionInput {
  @Field(() => ID, { nullable: true, description: 'Publish a new version of this design; omit to start a new design.' }) designId?:
    string | null;
  @Field(() => ID, { nullable: true, description: 'Owner of a new design (you must be a member); omit to own it yourself.' })
  organizationId?: string | null;
  @Field() title: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String, { nullable: true }) version?: string | null;
  @Field(() => [FileRefInput], { nullable: true }) files?: FileRefInput[] | null;
  @Field(() => String, { nullable: true, description: 'A folder from POST /api/uploads.' }) rootCid?: string | null;
  @Field(() => LicenseInput) license: LicenseInput;
  @Field(() => String, { nullable: true }) documentationLanguage?: string | null;
  @Field(() => [BomLineInput], { nullable: true }) bom?: BomLineInput[] | null;
  @Field(() => [PartInput], { nullable: true }) parts?: PartInput[] | null;
  @Field(() => [ParentShareInput], { nullable: true }) derivativeOf?: ParentShareInput[] | null;
}

@InputType('DesignFilter')
export class DesignFilterInput {
  @Field(() => String, {
    nullable: true,
    description: 'Words to search titles and descriptions for (web-search syntax: "quoted phrases", -exclusions, or).',
  })
  text?: string | null;
  @Field(() => String, { nullable: true, description: 'A process code, TsDC code, fablabs.io name or Wikipedia URI.' }) process?:
    string | null;
  @Field(() => String, { nullable: true }) material?: string | null;
  @Field(() => [LicenceClassGql], { nullable: true }) licenseClasses?: LicenceClassGql[] | null;
  @Field(() => ID, { nullable: true }) organizationId?: string | null;
  @Field(() => DesignOriginGql, { nullable: true, description: 'ANY when omitted.' }) origin?: DesignOriginGql | null;
}
