import { InvalidInputError } from '../common/errors/domain-error.js';
import { normalizeProcess } from '../designs/process-taxonomy.js';
import { TOLERANCE_CLASSES, type ToleranceClass } from '../designs/designs.types.js';
import { normalizeEmail } from '../identity/email.js';
import { requireText } from '../identity/text.js';
import { ACCESS_TYPES, EQUIPMENT_CONDITIONS, FACILITY_STATUSES, type Equipment, type Facility } from './facilities.types.js';

export interface FacilityInput {
  organizationId: string;
  name: string;
  description?: string | null;
  location?: { lat: number; lon: number; address?: string | null; city?: string | null; country?: string | null } | null;
  locationPublic?: boolean | null;
  facilityStatus?: string | null;
  accessType?: string | null;
  openingHours?: string | null;
  certifications?: string[] | null;
  typicalBatchSize?: string | null;
  contactEmail?: string | null;
  capacityHoursPerWeek: number;
  equipment?: Array<{
    process: string;
    make?: string | null;
    model?: string | null;
    quantity?: number | null;
    buildVolumeMm?: { x: number; y: number; z: number } | null;
    materials?: string[] | null;
    toleranceClass?: string | null;
    condition?: string | null;
  }> | null;
}

const opt = (v: string | null | undefined) => (v === null || v === undefined || v.trim() === '' ? undefined : v.trim());

function oneOf<T extends string>(field: string, value: string | null | undefined, allowed: readonly T[], fallback: T): T {
  if (!opt(value)) return fallback;
  if (!(allowed as readonly string[]).includes(value!))
    throw new InvalidInputError(field, `${field} must be one of ${allowed.join(', ')}.`, 'INVALID');
  return value as T;
}

export function checkCoordinates(field: string, lat: number, lon: number): void {
  if (!Number.isFinite(lat) || lat < -90 || lat > 90)
    throw new InvalidInputError(`${field}.lat`, 'lat must be between -90 and 90.', 'OUT_OF_RANGE');
  if (!Number.isFinite(lon) || lon < -180 || lon > 180)
    throw new InvalidInputError(`${field}.lon`, 'lon must be between -180 and 180.', 'OUT_OF_RANGE');
}

// Validated facility fields (without id, owner checks or timestamps) and its equipment.
export function parseFacilityInput(input: FacilityInput): {
  facility: Omit<Facility, 'id' | 'createdAt' | 'verificationLevel' | 'sourceId'>;
  equipment: Omit<Equipment, 'id'>[];
} {
  if (input.location) checkCoordinates('location', input.location.lat, input.location.lon);
  if (!Number.isFinite(input.capacityHoursPerWeek) || input.capacityHoursPerWeek <= 0 || input.capacityHoursPerWeek > 168 * 100) {
    throw new InvalidInputError(
      'capacityHoursPerWeek',
      'capacityHoursPerWeek must be a positive number of machine-hours per week.',
      'OUT_OF_RANGE',
    );
  }
  const equipment = (input.equipment ?? []).map((e, i) => {
    const f = `equipment[${i}]`;
    const process = normalizeProcess(e.process);
    if (!process) throw new InvalidInputError(`${f}.process`, `"${e.process}" is not a known manufacturing process.`, 'UNKNOWN_PROCESS');
    const quantity = e.quantity ?? 1;
    if (!Number.isInteger(quantity) || quantity < 1)
      throw new InvalidInputError(`${f}.quantity`, 'quantity must be a whole number ≥ 1.', 'OUT_OF_RANGE');
    const v = e.buildVolumeMm;
    if (v && ![v.x, v.y, v.z].every((n) => Number.isFinite(n) && n > 0)) {
      throw new InvalidInputError(`${f}.buildVolumeMm`, 'Build volume sides must be positive millimetres.', 'OUT_OF_RANGE');
    }
    const tolerance = opt(e.toleranceClass);
    if (tolerance && !(TOLERANCE_CLASSES as readonly string[]).includes(tolerance)) {
      throw new InvalidInputError(`${f}.toleranceClass`, 'toleranceClass must be one of f, m, c, v (ISO 2768-1).', 'INVALID');
    }
    const item: Omit<Equipment, 'id'> = {
      process: process.code,
      quantity,
      materials: [...new Set((e.materials ?? []).map((m) => m.trim().toLowerCase()).filter(Boolean))],
      condition: oneOf(`${f}.condition`, e.condition, EQUIPMENT_CONDITIONS, 'GOOD'),
    };
    if (opt(e.make)) item.make = requireText(`${f}.make`, e.make!, 1, 100);
    if (opt(e.model)) item.model = requireText(`${f}.model`, e.model!, 1, 100);
    if (v) item.buildVolumeMm = { x: v.x, y: v.y, z: v.z };
    if (tolerance) item.toleranceClass = tolerance as ToleranceClass;
    return item;
  });
  return {
    equipment,
    facility: {
      organizationId: input.organizationId,
      name: requireText('name', input.name, 2, 200),
      description: opt(input.description) ? requireText('description', input.description!, 1, 10_000, true) : null,
      location: input.location ? { lat: input.location.lat, lon: input.location.lon } : null,
      address: opt(input.location?.address) ?? null,
      city: opt(input.location?.city) ?? null,
      country: opt(input.location?.country)?.toUpperCase() ?? null,
      locationPublic: input.locationPublic ?? false,
      facilityStatus: oneOf('facilityStatus', input.facilityStatus, FACILITY_STATUSES, 'ACTIVE'),
      accessType: oneOf('accessType', input.accessType, ACCESS_TYPES, 'RESTRICTED'),
      openingHours: opt(input.openingHours) ?? null,
      certifications: (input.certifications ?? []).map((c) => c.trim()).filter(Boolean),
      typicalBatchSize: opt(input.typicalBatchSize) ?? null,
      contactEmail: opt(input.contactEmail) ? normalizeEmail(input.contactEmail!) : null,
      capacityHoursPerWeek: input.capacityHoursPerWeek,
    },
  };
}
