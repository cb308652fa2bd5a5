import { Field, ObjectType } from '@nestjs/graphql';
import { JobOfferModel, ProductionJobModel } from './production.models.js';

@ObjectType('OfferedJob')
export class OfferedJobModel {
  @Field(() => ProductionJobModel) job: ProductionJobModel;
  @Field(() => JobOfferModel) offer: JobOfferModel;
}

@ObjectType('JobBoard')
export class JobBoardModel {
  @Field(() => [OfferedJobModel], { description: 'Open jobs offered to the facility, newest first.' }) open: OfferedJobModel[];
  @Field(() => [ProductionJobModel], { description: 'Jobs the facility holds or held, most recently changed first.' })
  held: ProductionJobModel[];
}
