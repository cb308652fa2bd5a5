import { Args, ID, Int, Mutation, Resolver } from '@nestjs/graphql';
import { Authenticated } from '../common/auth/access.decorator.js';
import { RequiredViewer } from '../common/auth/viewer.decorator.js';
import type { Viewer } from '../common/auth/viewer.js';
import { CapabilityCorrectionInput } from './dto/capability.inputs.js';
import { EquipmentCapabilityService } from './equipment-capability.service.js';
import { toEquipmentModel } from './facilities.mappers.js';
import { EquipmentModel } from './models/facility.models.js';

@Resolver(() => EquipmentModel)
export class EquipmentCapabilityResolver {
  constructor(private readonly capability: EquipmentCapabilityService) {}

  @Authenticated()
  @Mutation(() => Int, {
    description:
      'Infer the materials and build volumes a facility’s machines do not state, from their kind, make and model (admins of its organization). Returns how many machines changed.',
  })
  async inferFacilityCapabilities(@RequiredViewer() viewer: Viewer, @Args('facilityId', { type: () => ID }) facilityId: string) {
    return this.capability.inferFacility(viewer, facilityId);
  }

  @Authenticated()
  @Mutation(() => EquipmentModel, {
    description: 'Confirm inferred values of a machine (materials, buildVolumeMm): they are no longer marked as inferred.',
  })
  async confirmEquipmentCapability(
    @RequiredViewer() viewer: Viewer,
    @Args('equipmentId', { type: () => ID }) equipmentId: string,
    @Args('fields', { type: () => [String] }) fields: string[],
  ): Promise<EquipmentModel> {
    return toEquipmentModel(await this.capability.confirm(viewer, equipmentId, fields));
  }

  @Authenticated()
  @Mutation(() => EquipmentModel, {
    description: 'Correct a machine’s materials or build volume: the values given replace the inferred ones.',
  })
  async correctEquipmentCapability(
    @RequiredViewer() viewer: Viewer,
    @Args('equipmentId', { type: () => ID }) equipmentId: string,
    @Args('input') input: CapabilityCorrectionInput,
  ): Promise<EquipmentModel> {
    return toEquipmentModel(await this.capability.correct(viewer, equipmentId, input));
  }
}
