import { Injectable } from '@nestjs/common';
import type { Insertable, Selectable } from 'kysely';
import { DataSource } from 'typeorm';
import { ConflictError } from '../common/errors/domain-error.js';
import { TOLERANCE_CLASSES } from '../designs/designs.types.js';
import { isUuid } from '../common/uuid.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { oneOf } from '../database/row-checks.js';
import { db, Sql, type DB } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';
import {
  ACCESS_TYPES,
  EQUIPMENT_CONDITIONS,
  FACILITY_STATUSES,
  VERIFICATION_LEVELS,
  type Attestation,
  type Equipment,
  type Facility,
  type VerificationChange,
} from './facilities.types.js';
import { nearestFacilitiesSql } from './nearest-sql.js';

export type FacilityRow = Selectable<DB['facilities']>;

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

function toEquipment(r: Selectable<DB['facility_equipment']>): Equipment & { facilityId: string } {
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
  return e;
}

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

const facilities = () => db.selectFrom('facilities').selectAll();

const workingProcesses = (equipment: readonly Equipment[]) =>
  [...new Set(equipment.filter((e) => e.condition !== 'NEEDS_REPAIR').map((e) => e.process))].sort();

@Injectable()
export class FacilitiesRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: Sql,
  ) {}

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
        })),
      ),
      tx,
    );
  }

  async findBySourceId(tx: Tx, sourceId: string): Promise<Facility | null> {
    const row = await this.sql.first(facilities().where('source_id', '=', sourceId), tx);
    return row ? facilityFromRaw(row) : null;
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

  async findByIds(ids: readonly string[]): Promise<Facility[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? (await this.sql.all(facilities().where('id', 'in', valid))).map(facilityFromRaw) : [];
  }

  async equipmentOf(facilityIds: readonly string[]): Promise<Array<Equipment & { facilityId: string }>> {
    const valid = facilityIds.filter(isUuid);
    if (!valid.length) return [];
    const rows = await this.sql.all(
      db.selectFrom('facility_equipment').selectAll().where('facility_id', 'in', valid).orderBy('process', 'asc').orderBy('id', 'asc'),
    );
    return rows.map(toEquipment);
  }

  // Active facilities within `radiusKm` great-circle kilometres (with a working machine of `process`), nearest first.
  async near(
    point: { lat: number; lon: number },
    radiusKm: number,
    options: { process?: string; limit: number },
  ): Promise<Array<{ facility: Facility; distanceKm: number }>> {
    const params: unknown[] = [point.lat, point.lon, radiusKm * 1000];
    const filters = [`f.facility_status = 'ACTIVE'`];
    if (options.process) {
      params.push([options.process]);
      filters.push(`f.processes @> $${params.length}::text[]`);
    }
    params.push(options.limit);
    const rows: Array<FacilityRow & { km: number }> = await this.dataSource.query(
      nearestFacilitiesSql({ columns: 'f.*', filters, limit: `$${params.length}` }),
      params,
    );
    return rows.map((r) => ({ facility: facilityFromRaw(r), distanceKm: Number(r.km) }));
  }

  // Serialises changes to one facility's verification (concurrent attestations count right).
  async lockForVerification(tx: Tx, id: string): Promise<Facility | null> {
    if (!isUuid(id)) return null;
    const row = await this.sql.first(facilities().where('id', '=', id).forUpdate(), tx);
    return row ? facilityFromRaw(row) : null;
  }

  async insertAttestation(tx: Tx, a: Attestation): Promise<void> {
    try {
      await this.sql.run(
        db.insertInto('facility_attestations').values({
          facility_id: a.facilityId,
          attester_organization_id: a.attesterOrganizationId,
          attester_facility_id: a.attesterFacilityId,
          attester_account_id: a.attesterAccountId,
          statement: a.statement,
          created_at: a.createdAt,
        }),
        tx,
      );
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError('Your organization has already attested this facility.');
      throw err;
    }
  }

  async countAttestations(tx: Tx, facilityId: string): Promise<number> {
    const row = await this.sql.first(
      db
        .selectFrom('facility_attestations')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('facility_id', '=', facilityId),
      tx,
    );
    return Number(row?.n ?? 0);
  }

  async setVerificationLevel(tx: Tx, change: Omit<VerificationChange, 'at'>): Promise<void> {
    await this.sql.run(db.updateTable('facilities').set({ verification_level: change.to }).where('id', '=', change.facilityId), tx);
    await this.sql.run(
      db.insertInto('facility_verification_history').values({
        facility_id: change.facilityId,
        from_level: change.from,
        to_level: change.to,
        reason: change.reason,
        actor_account_id: change.actorAccountId,
        at: new Date(),
      }),
      tx,
    );
  }

  async attestationsOf(facilityIds: readonly string[]): Promise<Attestation[]> {
    const valid = facilityIds.filter(isUuid);
    if (!valid.length) return [];
    const rows = await this.sql.all(
      db.selectFrom('facility_attestations').selectAll().where('facility_id', 'in', valid).orderBy('created_at', 'asc'),
    );
    return rows.map((r) => ({
      facilityId: r.facility_id,
      attesterOrganizationId: r.attester_organization_id,
      attesterFacilityId: r.attester_facility_id,
      attesterAccountId: r.attester_account_id,
      statement: r.statement,
      createdAt: r.created_at,
    }));
  }

  async verificationHistoryOf(facilityIds: readonly string[]): Promise<VerificationChange[]> {
    const valid = facilityIds.filter(isUuid);
    if (!valid.length) return [];
    const rows = await this.sql.all(
      db.selectFrom('facility_verification_history').selectAll().where('facility_id', 'in', valid).orderBy('id', 'asc'),
    );
    return rows.map((r) => ({
      facilityId: r.facility_id,
      from: oneOf(VERIFICATION_LEVELS, r.from_level, 'facility_verification_history.from_level'),
      to: oneOf(VERIFICATION_LEVELS, r.to_level, 'facility_verification_history.to_level'),
      reason: r.reason,
      actorAccountId: r.actor_account_id,
      at: r.at,
    }));
  }

  // Every facility, for the Open Know-Where export (keyset pages by id).
  async page(afterId: string | null, limit: number): Promise<Facility[]> {
    let query = facilities().orderBy('id', 'asc').limit(limit);
    if (afterId) query = query.where('id', '>', afterId);
    return (await this.sql.all(query)).map(facilityFromRaw);
  }
}
