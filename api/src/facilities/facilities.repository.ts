import { Injectable } from '@nestjs/common';
import { DataSource, In, MoreThan } from 'typeorm';
import { ConflictError } from '../common/errors/domain-error.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { isUuid } from '../common/uuid.js';
import { managerOf, type Tx } from '../database/transaction.js';
import type { Attestation, Equipment, Facility, VerificationChange, VerificationLevel } from './facilities.types.js';
import { nearestFacilitiesSql } from './nearest-sql.js';
import { EquipmentEntity, FacilityAttestationEntity, FacilityEntity, VerificationHistoryEntity } from './facility.entity.js';

function toFacility(r: FacilityEntity): Facility {
  return {
    id: r.id,
    organizationId: r.organizationId,
    name: r.name,
    description: r.description,
    location: r.lat === null || r.lon === null ? null : { lat: r.lat, lon: r.lon },
    address: r.address,
    city: r.city,
    country: r.country,
    locationPublic: r.locationPublic,
    facilityStatus: r.facilityStatus as Facility['facilityStatus'],
    accessType: r.accessType as Facility['accessType'],
    openingHours: r.openingHours,
    certifications: r.certifications,
    typicalBatchSize: r.typicalBatchSize,
    contactEmail: r.contactEmail,
    capacityHoursPerWeek: Number(r.capacityHoursPerWeek),
    verificationLevel: r.verificationLevel as Facility['verificationLevel'],
    sourceId: r.sourceId,
    createdAt: r.createdAt,
  };
}

// A facilities row as raw SQL returns it (snake_case), for queries that select f.*.
export function facilityFromRaw(r: Record<string, unknown>): Facility {
  return toFacility({
    id: r.id,
    organizationId: r.organization_id,
    name: r.name,
    description: r.description,
    lat: r.lat,
    lon: r.lon,
    address: r.address,
    city: r.city,
    country: r.country,
    locationPublic: r.location_public,
    facilityStatus: r.facility_status,
    accessType: r.access_type,
    openingHours: r.opening_hours,
    certifications: r.certifications,
    typicalBatchSize: r.typical_batch_size,
    contactEmail: r.contact_email,
    capacityHoursPerWeek: r.capacity_hours_per_week,
    verificationLevel: r.verification_level,
    sourceId: r.source_id,
    createdAt: new Date(r.created_at as string),
  } as FacilityEntity);
}

function toEquipment(r: EquipmentEntity): Equipment & { facilityId: string } {
  const e: Equipment & { facilityId: string } = {
    id: r.id,
    facilityId: r.facilityId,
    process: r.process,
    quantity: r.quantity,
    materials: r.materials,
    condition: r.condition as Equipment['condition'],
  };
  if (r.make) e.make = r.make;
  if (r.model) e.model = r.model;
  if (r.buildXMm && r.buildYMm && r.buildZMm) e.buildVolumeMm = { x: r.buildXMm, y: r.buildYMm, z: r.buildZMm };
  if (r.toleranceClass) e.toleranceClass = r.toleranceClass as Equipment['toleranceClass'];
  return e;
}

const workingProcesses = (equipment: readonly Equipment[]) => [...new Set(equipment.filter((e) => e.condition !== 'NEEDS_REPAIR').map((e) => e.process))].sort();

@Injectable()
export class FacilitiesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(tx: Tx, facility: Facility, equipment: Equipment[]): Promise<void> {
    const m = managerOf(this.dataSource, tx);
    const { location, ...fields } = facility;
    try {
      await m.insert(FacilityEntity, { ...fields, lat: location?.lat ?? null, lon: location?.lon ?? null, processes: workingProcesses(equipment) });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError('A facility with this source id is already registered.', { sourceId: facility.sourceId });
      throw err;
    }
    await this.insertEquipment(tx, facility.id, equipment);
  }

  private async insertEquipment(tx: Tx, facilityId: string, equipment: Equipment[]): Promise<void> {
    if (equipment.length) {
      await managerOf(this.dataSource, tx).insert(
        EquipmentEntity,
        equipment.map((e) => ({
          id: e.id,
          facilityId,
          process: e.process,
          make: e.make ?? null,
          model: e.model ?? null,
          quantity: e.quantity,
          buildXMm: e.buildVolumeMm?.x ?? null,
          buildYMm: e.buildVolumeMm?.y ?? null,
          buildZMm: e.buildVolumeMm?.z ?? null,
          materials: e.materials,
          toleranceClass: e.toleranceClass ?? null,
          condition: e.condition,
        })),
      );
    }
  }

  async findBySourceId(tx: Tx, sourceId: string): Promise<Facility | null> {
    const row = await managerOf(this.dataSource, tx).findOneBy(FacilityEntity, { sourceId });
    return row ? toFacility(row) : null;
  }

  // Updates the profile in place and replaces its equipment (an admin's edit, a re-import). Only
  // profile columns: the owner, the verification level (moved by attestations and votes, possibly
  // since the caller read the row) and the import key are not the profile's to overwrite.
  // Equipment null keeps the facility's equipment as it is.
  async replace(tx: Tx, facility: Facility, equipment: Equipment[] | null): Promise<void> {
    const m = managerOf(this.dataSource, tx);
    const { id, location, createdAt: _created, organizationId: _owner, verificationLevel: _level, sourceId: _source, ...fields } = facility;
    await m.update(FacilityEntity, { id }, { ...fields, lat: location?.lat ?? null, lon: location?.lon ?? null, ...(equipment && { processes: workingProcesses(equipment) }) });
    if (!equipment) return;
    await m.delete(EquipmentEntity, { facilityId: id });
    await this.insertEquipment(tx, id, equipment);
  }

  async findById(id: string): Promise<Facility | null> {
    if (!isUuid(id)) return null;
    const row = await this.dataSource.manager.findOneBy(FacilityEntity, { id });
    return row ? toFacility(row) : null;
  }

  async findByOrganization(organizationId: string): Promise<Facility[]> {
    return (await this.dataSource.manager.find(FacilityEntity, { where: { organizationId }, order: { createdAt: 'ASC' } })).map(toFacility);
  }

  async findByIds(ids: readonly string[]): Promise<Facility[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? (await this.dataSource.manager.findBy(FacilityEntity, { id: In(valid) })).map(toFacility) : [];
  }

  async equipmentOf(facilityIds: readonly string[]): Promise<Array<Equipment & { facilityId: string }>> {
    const valid = facilityIds.filter(isUuid);
    if (!valid.length) return [];
    const rows = await this.dataSource.manager.find(EquipmentEntity, { where: { facilityId: In(valid) }, order: { process: 'ASC', id: 'ASC' } });
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
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(nearestFacilitiesSql({ columns: 'f.*', filters, limit: `$${params.length}` }), params);
    return rows.map((r) => ({ facility: facilityFromRaw(r), distanceKm: Number(r.km) }));
  }

  // Serialises changes to one facility's verification (concurrent attestations count right).
  async lockForVerification(tx: Tx, id: string): Promise<Facility | null> {
    if (!isUuid(id)) return null;
    const row = await managerOf(this.dataSource, tx).findOne(FacilityEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    return row ? toFacility(row) : null;
  }

  async insertAttestation(tx: Tx, a: Attestation): Promise<void> {
    try {
      await managerOf(this.dataSource, tx).insert(FacilityAttestationEntity, a);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError('Your organization has already attested this facility.');
      throw err;
    }
  }

  async countAttestations(tx: Tx, facilityId: string): Promise<number> {
    return managerOf(this.dataSource, tx).countBy(FacilityAttestationEntity, { facilityId });
  }

  async setVerificationLevel(tx: Tx, change: Omit<VerificationChange, 'at'>): Promise<void> {
    const m = managerOf(this.dataSource, tx);
    await m.update(FacilityEntity, { id: change.facilityId }, { verificationLevel: change.to });
    await m.insert(VerificationHistoryEntity, { facilityId: change.facilityId, fromLevel: change.from, toLevel: change.to, reason: change.reason, actorAccountId: change.actorAccountId, at: new Date() });
  }

  async attestationsOf(facilityIds: readonly string[]): Promise<Attestation[]> {
    const valid = facilityIds.filter(isUuid);
    if (!valid.length) return [];
    return this.dataSource.manager.find(FacilityAttestationEntity, { where: { facilityId: In(valid) }, order: { createdAt: 'ASC' } });
  }

  async verificationHistoryOf(facilityIds: readonly string[]): Promise<VerificationChange[]> {
    const valid = facilityIds.filter(isUuid);
    if (!valid.length) return [];
    const rows = await this.dataSource.manager.find(VerificationHistoryEntity, { where: { facilityId: In(valid) }, order: { id: 'ASC' } });
    return rows.map((r) => ({ facilityId: r.facilityId, from: r.fromLevel as VerificationLevel, to: r.toLevel as VerificationLevel, reason: r.reason, actorAccountId: r.actorAccountId, at: r.at }));
  }

  // Every facility, for the Open Know-Where export (keyset pages by id).
  async page(afterId: string | null, limit: number): Promise<Facility[]> {
    const rows = await this.dataSource.manager.find(FacilityEntity, { where: afterId ? { id: MoreThan(afterId) } : {}, order: { id: 'ASC' }, take: limit });
    return rows.map(toFacility);
  }
}
