import type { Selectable } from 'kysely';
import { TOLERANCE_CLASSES } from '../designs/designs.types.js';
import { oneOf } from '../database/row-checks.js';
import { db, type DB } from '../database/sql.js';
import {
  ACCESS_TYPES,
  EQUIPMENT_CONDITIONS,
  FACILITY_STATUSES,
  VERIFICATION_LEVELS,
  type Equipment,
  type Facility,
  type Inferred,
} from './facilities.types.js';

// Facilities' rows as their repositories read them, and as domain values.

// Every column a Facility holds: not `processes`, which only the SQL filters read.
export const FACILITY_COLUMNS = [
  'id',
  'organization_id',
  'name',
  'description',
  'lat',
  'lon',
  'address',
  'city',
  'country',
  'location_public',
  'facility_status',
  'access_type',
  'opening_hours',
  'certifications',
  'typical_batch_size',
  'contact_email',
  'capacity_hours_per_week',
  'verification_level',
  'source_id',
  'created_at',
] as const;

export type FacilityRow = Pick<Selectable<DB['facilities']>, (typeof FACILITY_COLUMNS)[number]>;

// A facilities row (also as other modules' SQL over facilities returns it, selecting f.*).
export function facilityFromRaw(r: FacilityRow): Facility {
  return {
    id: r.id,
    organizationId: r.organization_id,
    name: r.name,
    description: r.description,
    location: r.lat === null || r.lon === null ? null : { lat: r.lat, lon: r.lon },
    address: r.address,
    city: r.city,
    country: r.country,
    locationPublic: r.location_public,
    facilityStatus: oneOf(FACILITY_STATUSES, r.facility_status, 'facilities.facility_status'),
    accessType: oneOf(ACCESS_TYPES, r.access_type, 'facilities.access_type'),
    openingHours: r.opening_hours,
    certifications: r.certifications,
    typicalBatchSize: r.typical_batch_size,
    contactEmail: r.contact_email,
    capacityHoursPerWeek: Number(r.capacity_hours_per_week),
    verificationLevel: oneOf(VERIFICATION_LEVELS, r.verification_level, 'facilities.verification_level'),
    sourceId: r.source_id,
    createdAt: new Date(r.created_at),
  };
}

export function toEquipment(r: Selectable<DB['facility_equipment']>): Equipment & { facilityId: string } {
  const e: Equipment & { facilityId: string } = {
    id: r.id,
    facilityId: r.facility_id,
    process: r.process,
    quantity: r.quantity,
    materials: r.materials,
    condition: oneOf(EQUIPMENT_CONDITIONS, r.condition, 'facility_equipment.condition'),
  };
  if (r.make) e.make = r.make;
  if (r.model) e.model = r.model;
  if (r.build_x_mm && r.build_y_mm && r.build_z_mm) e.buildVolumeMm = { x: r.build_x_mm, y: r.build_y_mm, z: r.build_z_mm };
  if (r.tolerance_class) e.toleranceClass = oneOf(TOLERANCE_CLASSES, r.tolerance_class, 'facility_equipment.tolerance_class');
  const inferred: Inferred = {};
  if (r.materials_basis) inferred.materials = r.materials_basis;
  if (r.build_volume_basis && e.buildVolumeMm) inferred.buildVolumeMm = r.build_volume_basis;
  if (Object.keys(inferred).length) e.inferred = inferred;
  return e;
}

// Facilities rows, to be narrowed by the caller.
export const facilities = () => db.selectFrom('facilities').select(FACILITY_COLUMNS);
