import { PROCESSES } from '../designs/process-taxonomy.js';
import { visibleLocation } from './facilities.service.js';
import type { Equipment, Facility } from './facilities.types.js';

// One facility as an Open Know-Where v1 record, in the layout of IoPA's OKW export
// (facility / region / address / geocoding), with the OKW fields that export leaves out
// (status, access, hours, certifications, batch size, equipment) added under their OKW names.
// It is a public document: the location is the one the public sees (city-level unless the
// facility opted in) and no contact email is included.
export interface OkwRecord {
  facility: {
    facility_id: string;
    name: string;
    description?: string;
    facilityStatus: string;
    accessType: string;
    openingHours?: string;
    certifications: string[];
    typicalBatchSize?: string;
    verificationLevel: string;
    equipment: OkwEquipment[];
  };
  region: { country?: string; city_town?: string } | null;
  address: { extended?: string } | null;
  geocoding: { latitude: number; longitude: number; exact: boolean } | null;
}

export interface OkwEquipment {
  equipmentType: string; // Wikipedia URI of the process, as OKW does
  process: string;
  manufacturer?: string;
  model?: string;
  quantity: number;
  workingVolume?: { x: number; y: number; z: number; unit: 'mm' };
  materialsWorked: string[];
  toleranceClass?: string;
  condition: string;
  // The basis of values inferred from the machine-kind table, under their OKW names; a re-import
  // leaves them out and infers them again, so they never come back as stated.
  inferred?: { materialsWorked?: string; workingVolume?: string };
}

const wikipedia = (code: string) => PROCESSES.find((p) => p.code === code)?.wikipedia ?? code;
const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;

export function toOkw(f: Facility, equipment: readonly Equipment[]): OkwRecord {
  const where = visibleLocation(f, false);
  return {
    facility: defined({
      facility_id: f.id,
      name: f.name,
      description: f.description ?? undefined,
      facilityStatus: f.facilityStatus,
      accessType: f.accessType,
      openingHours: f.openingHours ?? undefined,
      certifications: f.certifications,
      typicalBatchSize: f.typicalBatchSize ?? undefined,
      verificationLevel: f.verificationLevel,
      equipment: equipment.map((e) =>
        defined({
          equipmentType: wikipedia(e.process),
          process: e.process,
          manufacturer: e.make,
          model: e.model,
          quantity: e.quantity,
          workingVolume: e.buildVolumeMm ? { ...e.buildVolumeMm, unit: 'mm' as const } : undefined,
          materialsWorked: e.materials,
          toleranceClass: e.toleranceClass,
          condition: e.condition,
          inferred:
            e.inferred?.materials || e.inferred?.buildVolumeMm
              ? defined({ materialsWorked: e.inferred.materials, workingVolume: e.inferred.buildVolumeMm })
              : undefined,
        }),
      ),
    }),
    region: f.city || f.country ? defined({ country: f.country ?? undefined, city_town: f.city ?? undefined }) : null,
    address: where?.address ? { extended: where.address } : null,
    geocoding: where ? { latitude: where.lat, longitude: where.lon, exact: where.exact } : null,
  };
}
