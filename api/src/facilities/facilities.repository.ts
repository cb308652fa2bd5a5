import { Injectable } from '@nestjs/common';
import { sql, type Insertable } from 'kysely';
import { ConflictError } from '../common/errors/domain-error.js';
import { isUuid } from '../common/uuid.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { db, Sql, sqlText, type DB } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';
import type { Equipment, Facility } from './facilities.types.js';
import { facilities, facilityFromRaw, toEquipment, type FacilityRow } from './facility-rows.js';
import { earthdistanceMetres } from './geo.js';
import { nameKey } from './import/dedup.js';
import { nearestFacilitiesSql } from './nearest-sql.js';

// The profile columns of a facility (what an admin's edit or a re-import may change).
function profileColumns(f: Facility) {
  return {
    name: f.name,
    description: f.description,
    lat: f.location?.lat ?? null,
    lon: f.location?.lon ?? null,
    address: f.address,
    city: f.city,
    country: f.country,
    location_public: f.locationPublic,
    facility_status: f.facilityStatus,
    access_type: f.accessType,
    opening_hours: f.openingHours,
    certifications: f.certifications,
    typical_batch_size: f.typicalBatchSize,
    contact_email: f.contactEmail,
    capacity_hours_per_week: f.capacityHoursPerWeek,
  } satisfies Partial<Insertable<DB['facilities']>>;
}

const workingProcesses = (equipment: readonly Equipment[]) =>
  [...new Set(equipment.filter((e) => e.condition !== 'NEEDS_REPAIR').map((e) => e.process))].sort();

// Facilities' profiles and equipment, written by their admins and imports, and found by id,
// organization, source or distance. Their verification is FacilityVerificationRepository's.
@Injectable()
export class FacilitiesRepository {
  constructor(private readonly sql: Sql) {}

  async insert(tx: Tx, facility: Facility, equipment: Equipment[]): Promise<void> {
    try {
      await this.sql.run(
        db.insertInto('facilities').values({
          ...profileColumns(facility),
          id: facility.id,
          organization_id: facility.organizationId,
          verification_level: facility.verificationLevel,
          source_id: facility.sourceId,
          created_at: facility.createdAt,
          processes: workingProcesses(equipment),
        }),
        tx,
      );
    } catch (err) {
      if (isUniqueViolation(err))
        throw new ConflictError('A facility with this source id is already registered.', { sourceId: facility.sourceId });
      throw err;
    }
    // Every import key is also a source of the facility (what re-imports and duplicate checks look up).
    if (facility.sourceId) {
      await this.sql.run(
        db
          .insertInto('facility_sources')
          .values({
            source_id: facility.sourceId,
            facility_id: facility.id,
            directory: facility.sourceId.split(':')[0]!,
            name: facility.name,
            name_key: nameKey(facility.name),
            country: facility.country,
          })
          .onConflict((c) => c.column('source_id').doNothing()),
        tx,
      );
    }
    await this.insertEquipment(tx, facility.id, equipment);
  }

  private async insertEquipment(tx: Tx, facilityId: string, equipment: Equipment[]): Promise<void> {
    if (!equipment.length) return;
    await this.sql.run(
      db.insertInto('facility_equipment').values(
        equipment.map((e) => ({
          id: e.id,
          facility_id: facilityId,
          process: e.process,
          make: e.make ?? null,
          model: e.model ?? null,
          quantity: e.quantity,
          build_x_mm: e.buildVolumeMm?.x ?? null,
          build_y_mm: e.buildVolumeMm?.y ?? null,
          build_z_mm: e.buildVolumeMm?.z ?? null,
          materials: e.materials,
          tolerance_class: e.toleranceClass ?? null,
          condition: e.condition,
          materials_basis: e.inferred?.materials ?? null,
          build_volume_basis: e.inferred?.buildVolumeMm ?? null,
        })),
      ),
      tx,
    );
  }

  // Updates the profile in place and replaces its equipment (an admin's edit, a re-import). Only
  // profile columns: the owner, the verification level (moved by attestations and votes, possibly
  // since the caller read the row) and the import key are not the profile's to overwrite.
  // Equipment null keeps the facility's equipment as it is.
  async replace(tx: Tx, facility: Facility, equipment: Equipment[] | null): Promise<void> {
    await this.sql.run(
      db
        .updateTable('facilities')
        .set({ ...profileColumns(facility), ...(equipment && { processes: workingProcesses(equipment) }) })
        .where('id', '=', facility.id),
      tx,
    );
    if (!equipment) return;
    await this.sql.run(db.deleteFrom('facility_equipment').where('facility_id', '=', facility.id), tx);
    await this.insertEquipment(tx, facility.id, equipment);
  }

  async editedFields(tx: Tx, facilityId: string): Promise<Set<string>> {
    const r = await this.sql.first(db.selectFrom('facilities').select('edited_fields').where('id', '=', facilityId), tx);
    return new Set(r?.edited_fields ?? []);
  }

  // Adds to the fields a facility's co-op has edited (the set only grows: once a co-op has
  // set a value, the directory no longer speaks for it).
  async markEdited(tx: Tx, facilityId: string, fields: readonly string[]): Promise<void> {
    if (!fields.length) return;
    await this.sql.run(
      db
        .updateTable('facilities')
        .set({ edited_fields: sql`ARRAY(SELECT DISTINCT x FROM unnest(edited_fields || ${[...fields]}::text[]) x ORDER BY x)` })
        .where('id', '=', facilityId),
      tx,
    );
  }

  async findById(id: string): Promise<Facility | null> {
    if (!isUuid(id)) return null;
    const row = await this.sql.first(facilities().where('id', '=', id));
    return row ? facilityFromRaw(row) : null;
  }

  async findByOrganization(organizationId: string): Promise<Facility[]> {
    return (await this.sql.all(facilities().where('organization_id', '=', organizationId).orderBy('created_at', 'asc'))).map(
      facilityFromRaw,
    );
  }

  async findByIds(ids: readonly string[], tx?: Tx): Promise<Facility[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? (await this.sql.all(facilities().where('id', 'in', valid), tx)).map(facilityFromRaw) : [];
  }

  async equipmentOf(facilityIds: readonly string[], tx?: Tx): Promise<Array<Equipment & { facilityId: string }>> {
    const valid = facilityIds.filter(isUuid);
    if (!valid.length) return [];
    const rows = await this.sql.all(
      db.selectFrom('facility_equipment').selectAll().where('facility_id', 'in', valid).orderBy('process', 'asc').orderBy('id', 'asc'),
      tx,
    );
    return rows.map(toEquipment);
  }

  // Active facilities within `radiusKm` great-circle kilometres (with a working machine of `process`),
  // nearest first; after the facility with id `after` when given (the next page).
  async near(
    point: { lat: number; lon: number },
    radiusKm: number,
    options: { process?: string; limit: number; after?: string },
  ): Promise<Array<{ facility: Facility; distanceKm: number }>> {
    const { params, filters } = nearFilters(point, radiusKm, options.process);
    let after: string | undefined;
    if (options.after) {
      params.push(options.after);
      after = `$${params.length}::uuid`;
    }
    params.push(options.limit);
    // Facilities rows (f.*) with the distance in km (float8).
    const rows = await this.sql.all(
      sqlText<FacilityRow & { km: number }>(nearestFacilitiesSql({ columns: 'f.*', filters, limit: `$${params.length}`, after }), params),
    );
    return rows.map((r) => ({ facility: facilityFromRaw(r), distanceKm: Number(r.km) }));
  }

  // How many facilities near() would find over all its pages.
  async countNear(point: { lat: number; lon: number }, radiusKm: number, options: { process?: string }): Promise<number> {
    const { params, filters } = nearFilters(point, radiusKm, options.process);
    const [row] = await this.sql.all(
      sqlText<{ n: number }>(
        `SELECT count(*)::int AS n FROM facilities f
          WHERE f.lat IS NOT NULL
            AND earth_box(ll_to_earth($1, $2), $3::float8) @> ll_to_earth(f.lat, f.lon)
            AND earth_distance(ll_to_earth($1, $2), ll_to_earth(f.lat, f.lon)) <= $3::float8
            ${filters.map((f) => `AND ${f}`).join(' ')}`,
        params,
      ),
    );
    return row!.n;
  }

  // Every facility, for the Open Know-Where export (keyset pages by id).
  async page(afterId: string | null, limit: number): Promise<Facility[]> {
    let query = facilities().orderBy('id', 'asc').limit(limit);
    if (afterId) query = query.where('id', '>', afterId);
    return (await this.sql.all(query)).map(facilityFromRaw);
  }

  async equipmentById(tx: Tx, id: string): Promise<(Equipment & { facilityId: string }) | null> {
    if (!isUuid(id)) return null;
    const row = await this.sql.first(db.selectFrom('facility_equipment').selectAll().where('id', '=', id).forUpdate(), tx);
    return row ? toEquipment(row) : null;
  }

  async equipmentOfFacilityForUpdate(tx: Tx, facilityId: string): Promise<Array<Equipment & { facilityId: string }>> {
    const rows = await this.sql.all(
      db.selectFrom('facility_equipment').selectAll().where('facility_id', '=', facilityId).orderBy('id', 'asc').forUpdate(),
      tx,
    );
    return rows.map(toEquipment);
  }

  // A machine's materials and build volume with the basis of each inferred one (none: stated).
  async updateCapability(tx: Tx, e: Equipment): Promise<void> {
    await this.sql.run(
      db
        .updateTable('facility_equipment')
        .set({
          materials: e.materials,
          materials_basis: e.inferred?.materials ?? null,
          build_x_mm: e.buildVolumeMm?.x ?? null,
          build_y_mm: e.buildVolumeMm?.y ?? null,
          build_z_mm: e.buildVolumeMm?.z ?? null,
          build_volume_basis: e.inferred?.buildVolumeMm ?? null,
        })
        .where('id', '=', e.id),
      tx,
    );
  }
}

function nearFilters(point: { lat: number; lon: number }, radiusKm: number, process: string | undefined) {
  const params: unknown[] = [point.lat, point.lon, earthdistanceMetres(radiusKm)];
  const filters = [`f.facility_status = 'ACTIVE'`];
  if (process) {
    params.push([process]);
    filters.push(`f.processes @> $${params.length}::text[]`);
  }
  return { params, filters };
}
