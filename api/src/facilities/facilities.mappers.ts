import { INFERABLE_FIELDS, type Equipment, type Facility } from './facilities.types.js';
import { EquipmentModel, FacilityModel } from './models/facility.models.js';

// Facilities keep their domain value beside the model, for the location's privacy rule.
export type FacilityView = FacilityModel & { source: Facility };

export function toFacilityModel(f: Facility): FacilityView {
  return Object.assign(new FacilityModel(), {
    id: f.id,
    name: f.name,
    description: f.description,
    facilityStatus: f.facilityStatus,
    accessType: f.accessType,
    openingHours: f.openingHours,
    certifications: f.certifications,
    typicalBatchSize: f.typicalBatchSize,
    capacityHoursPerWeek: f.capacityHoursPerWeek,
    verificationLevel: f.verificationLevel,
    createdAt: f.createdAt,
    organizationId: f.organizationId,
    source: f,
  });
}

export function toEquipmentModel(e: Equipment): EquipmentModel {
  return {
    id: e.id,
    process: e.process,
    make: e.make,
    model: e.model,
    quantity: e.quantity,
    buildVolumeMm: e.buildVolumeMm,
    materials: e.materials,
    toleranceClass: e.toleranceClass,
    condition: e.condition,
    inferred: INFERABLE_FIELDS.filter((f) => e.inferred?.[f]).map((field) => ({ field, basis: e.inferred![field]! })),
  };
}
