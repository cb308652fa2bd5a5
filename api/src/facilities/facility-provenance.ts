import type { Equipment, Facility } from './facilities.types.js';

// Which parts of a profile its co-op has edited since the directory import, so that a re-import
// keeps them. Each is one field of the profile as an admin edits it; `location` is the point with
// its address, city and country, and `equipment` the whole machine list (with its materials,
// build volumes and tolerances), since a machine has no identity a directory and a co-op share.
export const EDITABLE_FIELDS = [
  'name',
  'description',
  'location',
  'locationPublic',
  'facilityStatus',
  'accessType',
  'openingHours',
  'certifications',
  'typicalBatchSize',
  'contactEmail',
  'capacityHoursPerWeek',
  'equipment',
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

type Machine = Omit<Equipment, 'id'>;
type Profile = Omit<Facility, 'id' | 'createdAt' | 'verificationLevel' | 'sourceId' | 'organizationId'>;

// A field's value as text, for comparing and for showing in a conflict.
export function fieldValue(f: Profile, equipment: readonly Machine[], field: EditableField): string {
  switch (field) {
    case 'location':
      return JSON.stringify(f.location ? { ...f.location, address: f.address, city: f.city, country: f.country } : null);
    case 'equipment':
      return JSON.stringify(
        equipment
          .map((e) => ({
            process: e.process,
            make: e.make ?? null,
            model: e.model ?? null,
            quantity: e.quantity,
            buildVolumeMm: e.buildVolumeMm ?? null,
            materials: [...e.materials].sort(),
            toleranceClass: e.toleranceClass ?? null,
            condition: e.condition,
          }))
          .map((e) => JSON.stringify(e))
          .sort()
          .map((e) => JSON.parse(e) as unknown),
      );
    default:
      return JSON.stringify(f[field]);
  }
}

// The fields an edit changes (an admin's edit sends the whole profile: only a change counts).
export function changedFields(
  before: Profile,
  beforeEquipment: readonly Machine[],
  after: Profile,
  afterEquipment: readonly Machine[] | null,
): EditableField[] {
  return EDITABLE_FIELDS.filter((field) =>
    field === 'equipment'
      ? afterEquipment !== null && fieldValue(before, beforeEquipment, field) !== fieldValue(after, afterEquipment, field)
      : fieldValue(before, [], field) !== fieldValue(after, [], field),
  );
}

export interface ImportConflict {
  field: EditableField;
  directoryValue: string;
  keptValue: string;
}

// A re-import: the directory's values for the fields the co-op has not edited, the co-op's for
// the others, and the conflicts (an edited field the directory now gives another value for).
// Equipment null: the facility keeps its machines.
export function applyDirectory(
  current: Facility,
  currentEquipment: readonly Machine[],
  edited: ReadonlySet<string>,
  directory: Profile,
  directoryEquipment: Machine[],
): { facility: Facility; equipment: Machine[] | null; conflicts: ImportConflict[] } {
  const facility: Facility = { ...current };
  const conflicts: ImportConflict[] = [];
  let equipment: Machine[] | null = directoryEquipment;
  for (const field of EDITABLE_FIELDS) {
    const kept = fieldValue(current, currentEquipment, field);
    const given = fieldValue(directory, directoryEquipment, field);
    if (!edited.has(field)) {
      if (field !== 'equipment') copyField(facility, directory, field);
      continue;
    }
    if (field === 'equipment') equipment = null;
    if (kept !== given) conflicts.push({ field, directoryValue: given, keptValue: kept });
  }
  return { facility, equipment, conflicts };
}

function copyField(to: Facility, from: Profile, field: Exclude<EditableField, 'equipment'>): void {
  if (field === 'location') {
    to.location = from.location;
    to.address = from.address;
    to.city = from.city;
    to.country = from.country;
    return;
  }
  (to as unknown as Record<string, unknown>)[field] = from[field];
}
