import type { Facility } from './facilities.types.js';
import { applyDirectory, changedFields } from './facility-provenance.js';

const base: Facility = {
  id: 'f',
  organizationId: 'o',
  name: 'Kiln Street Fab Lab',
  description: 'A workshop.',
  location: { lat: 10, lon: 20 },
  address: null,
  city: 'Porthaven',
  country: 'NZ',
  locationPublic: false,
  facilityStatus: 'ACTIVE',
  accessType: 'PUBLIC',
  openingHours: null,
  certifications: [],
  typicalBatchSize: null,
  contactEmail: null,
  capacityHoursPerWeek: 40,
  verificationLevel: 'SELF_ASSERTED',
  sourceId: 'fablabs.io:1',
  createdAt: new Date(0),
};
const laser = { process: 'LASER_CUTTING', quantity: 1, materials: ['plywood'], condition: 'GOOD' as const };

describe('edited fields and re-imports', () => {
  it('counts a field as edited only when its value changes', () => {
    expect(changedFields(base, [laser], { ...base }, [{ ...laser }])).toEqual([]);
    expect(changedFields(base, [laser], { ...base, capacityHoursPerWeek: 12, city: 'Kiln' }, null)).toEqual([
      'location',
      'capacityHoursPerWeek',
    ]);
    expect(changedFields(base, [laser], base, [{ ...laser, materials: ['plywood', 'acrylic'] }])).toEqual(['equipment']);
    // The same machines in another order are no edit.
    const printer = { ...laser, process: 'THREE_D_PRINTING', materials: ['pla'] };
    expect(changedFields(base, [laser, printer], base, [printer, laser])).toEqual([]);
  });

  it('takes the directory for unedited fields, keeps edited ones and reports where they differ', () => {
    const directory = { ...base, description: 'A workshop by the harbour.', capacityHoursPerWeek: 55, name: base.name };
    const edited = { ...base, capacityHoursPerWeek: 12, name: base.name };
    const next = applyDirectory(edited, [laser], new Set(['capacityHoursPerWeek', 'name', 'equipment']), directory, []);
    expect(next.facility).toMatchObject({ description: 'A workshop by the harbour.', capacityHoursPerWeek: 12 });
    expect(next.equipment).toBeNull();
    expect(next.conflicts).toEqual([
      { field: 'capacityHoursPerWeek', directoryValue: '55', keptValue: '12' },
      { field: 'equipment', directoryValue: '[]', keptValue: expect.stringContaining('plywood') },
    ]);
    const untouched = applyDirectory(edited, [laser], new Set(), directory, []);
    expect(untouched.facility.capacityHoursPerWeek).toBe(55);
    expect(untouched.equipment).toEqual([]);
    expect(untouched.conflicts).toEqual([]);
  });
});
