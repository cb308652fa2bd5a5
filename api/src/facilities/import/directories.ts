import { parse } from 'csv-parse/sync';
import type { FacilityInput } from '../facility-input.js';

// Records from public makerspace directories, mapped to facility input. Each carries a
// stable source id so a re-import updates instead of duplicating.
export interface DirectoryFacility {
  sourceId: string;
  input: Omit<FacilityInput, 'organizationId'>;
  // Why something could not be carried over (e.g. no coordinates).
  problems: string[];
  // The workshop's web pages and country as the directory lists them (compared when looking for
  // duplicates; the country also when there are no coordinates to carry it in the location).
  websites?: string[];
  country?: string;
}

// Imported profiles claim no capacity of their own; the co-op edits it once it takes over the profile.
export const IMPORTED_CAPACITY_HOURS = 40;

const MACHINE_CLASS: Record<string, string> = {
  three_d_printer: 'THREE_D_PRINTING',
  cnc_milling: 'CNC_MILLING',
  laser: 'LASER_CUTTING',
  precision_milling: 'PRECISION_MILLING',
  vinyl_cutting: 'VINYL_CUTTING',
  circuit_production: 'PCB_FABRICATION',
};

const norm = (s: string | undefined) => (s ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
const num = (s: string | undefined) => (s && s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : undefined);
const pyList = (s: string | undefined) => [...(s ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1]!);

function location(lat: number | undefined, lon: number | undefined, extra: { address?: string; city?: string; country?: string }) {
  return lat !== undefined && lon !== undefined && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon, ...extra } : undefined;
}

// fablabs.io export (fablabs_active_*.csv), joined with its machine list when given.
export function fromFablabsCsv(labsCsv: string, machinesCsv?: string): DirectoryFacility[] {
  const labs = parse(labsCsv, { columns: true, skip_empty_lines: true, relax_quotes: true }) as Array<Record<string, string>>;
  const machines = machinesCsv
    ? (parse(machinesCsv, { columns: true, skip_empty_lines: true, relax_quotes: true }) as Array<Record<string, string>>)
    : [];
  const machinesOf = new Map<string, Array<Record<string, string>>>();
  for (const m of machines) {
    const key = norm(m.lab);
    machinesOf.set(key, [...(machinesOf.get(key) ?? []), m]);
  }
  return labs.map((row) => {
    const problems: string[] = [];
    const lat = num(row.latitude);
    const lon = num(row.longitude);
    const loc = location(lat, lon, {
      address: [row.address_1, row.address_2].filter(Boolean).join(', ') || undefined,
      city: row.city?.trim() || undefined,
      country: row.country_code?.trim() || undefined,
    });
    if (!loc) problems.push('no coordinates');
    const equipment = [
      ...pyList(row.capabilities).map((c) => ({ process: c })),
      ...(machinesOf.get(norm(row.name)) ?? [])
        .filter((m) => MACHINE_CLASS[m.class_1 ?? ''])
        .map((m) => ({ process: MACHINE_CLASS[m.class_1!]!, make: m.brand?.trim() || undefined, model: m.name?.trim() || undefined })),
    ];
    return {
      sourceId: `fablabs.io:${row.source_row}`,
      problems,
      websites: [...(row.links ?? '').matchAll(/'url': '([^']+)'/g)].map((m) => m[1]!),
      country: row.country_code?.trim() || undefined,
      input: {
        name: row.name.trim(),
        description: row.address_notes?.trim() || undefined,
        location: loc,
        accessType: 'PUBLIC',
        capacityHoursPerWeek: IMPORTED_CAPACITY_HOURS,
        equipment,
      },
    };
  });
}

// IoPA's Open Know-Where v1 export (okw_fablabs_*.json).
export function fromOkwJson(json: string): DirectoryFacility[] {
  const rows = JSON.parse(json) as Array<{
    facility: {
      name: string;
      url?: string;
      description?: string;
      facility_id: string;
      // Fields of our own export (okw-export.ts); IoPA's export has none of them.
      facilityStatus?: string;
      accessType?: string;
      openingHours?: string;
      certifications?: string[];
      typicalBatchSize?: string;
      equipment?: Array<{
        equipmentType?: string;
        process?: string;
        manufacturer?: string;
        model?: string;
        quantity?: number;
        workingVolume?: { x: number; y: number; z: number };
        materialsWorked?: string[];
        toleranceClass?: string;
        condition?: string;
        inferred?: { materialsWorked?: string; workingVolume?: string };
      }>;
    };
    region?: { country?: string; state_region?: string; city_town?: string } | null;
    address?: { extended?: string; zip_code?: string } | null;
    geocoding?: { latitude?: number | string; longitude?: number | string } | null;
  }>;
  return rows.map((r) => {
    const lat = num(String(r.geocoding?.latitude ?? ''));
    const lon = num(String(r.geocoding?.longitude ?? ''));
    const loc = location(lat, lon, {
      address: [r.address?.extended, r.address?.zip_code].filter(Boolean).join(', ') || undefined,
      city: r.region?.city_town || undefined,
      country: r.region?.country || undefined,
    });
    return {
      sourceId: `okw:${r.facility.facility_id}`,
      problems: loc ? [] : ['no coordinates'],
      websites: r.facility.url ? [r.facility.url] : [],
      country: r.region?.country || undefined,
      input: {
        name: r.facility.name.trim(),
        description: r.facility.description?.trim() || undefined,
        location: loc,
        facilityStatus: r.facility.facilityStatus,
        accessType: r.facility.accessType ?? 'PUBLIC',
        openingHours: r.facility.openingHours,
        certifications: r.facility.certifications,
        typicalBatchSize: r.facility.typicalBatchSize,
        capacityHoursPerWeek: IMPORTED_CAPACITY_HOURS,
        equipment: (r.facility.equipment ?? []).map((e) => ({
          process: e.process ?? e.equipmentType ?? '',
          make: e.manufacturer,
          model: e.model,
          quantity: e.quantity,
          // Values our export marks as inferred are inferred again at import, not taken as stated.
          buildVolumeMm:
            e.workingVolume && !e.inferred?.workingVolume
              ? { x: e.workingVolume.x, y: e.workingVolume.y, z: e.workingVolume.z }
              : undefined,
          materials: e.inferred?.materialsWorked ? undefined : e.materialsWorked,
          toleranceClass: e.toleranceClass,
          condition: e.condition,
        })),
      },
    };
  });
}

const NESTA_AREAS: Array<[RegExp, string, string]> = [
  [/3d print/i, 'Digital fabrication', 'THREE_D_PRINTING'],
  [/laser/i, 'Digital fabrication', 'LASER_CUTTING'],
  [/cnc|router|mill/i, 'Digital fabrication', 'CNC_MILLING'],
  [/vinyl/i, 'Digital fabrication', 'VINYL_CUTTING'],
  [/\S/, 'Woodwork', 'WOODWORKING'],
  [/\S/, 'Fabrics', 'SEWING'],
  [/\S/, 'Electronics', 'PCB_ASSEMBLY'],
  [/\S/, 'Metalwork', 'MACHINING'],
];

// Nesta's UK makerspaces survey: postcodes only, so facilities come in without coordinates.
export function fromNestaCsv(csv: string): DirectoryFacility[] {
  const rows = parse(csv, { columns: true, skip_empty_lines: true, relax_quotes: true, relax_column_count: true }) as Array<
    Record<string, string>
  >;
  return rows
    .filter((r) => r['Name of makerspace']?.trim())
    .map((r) => {
      const processes = [...new Set(NESTA_AREAS.filter(([re, col]) => re.test(r[col] ?? '')).map(([, , p]) => p))];
      const closed = (r['Date your space closed (if it is no longer running)'] ?? '').trim() !== '';
      return {
        sourceId: `nesta:${norm(r['Name of makerspace']).replace(/[^a-z0-9]+/g, '-')}`,
        problems: [`postcode ${r.Postcode?.trim() || '(none)'} has no coordinates: imported without a location`],
        input: {
          name: r['Name of makerspace']!.trim(),
          description: r['Amenities / facilities']?.trim() || undefined,
          location: undefined,
          facilityStatus: closed ? 'CLOSED' : 'ACTIVE',
          accessType: 'MEMBERSHIP',
          capacityHoursPerWeek: IMPORTED_CAPACITY_HOURS,
          equipment: processes.map((process) => ({ process })),
        },
      };
    });
}
