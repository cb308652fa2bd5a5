import { Field, InputType } from '@nestjs/graphql';
import { DimensionsInput } from '../../designs/dto/publish.inputs.js';

@InputType({ description: 'The right values for a machine; each one given replaces the inferred one (null clears it).' })
export class CapabilityCorrectionInput {
  @Field(() => [String], { nullable: true }) materials?: string[] | null;
  @Field(() => DimensionsInput, { nullable: true, description: 'Working volume, mm.' }) buildVolumeMm?: DimensionsInput | null;
}
