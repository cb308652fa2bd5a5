import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import type { Viewer } from '../common/auth/viewer.js';
import { InvalidInputError, NotFoundError } from '../common/errors/domain-error.js';
import { UnitOfWork, type Tx } from '../database/transaction.js';
import type { Dimensions } from '../designs/designs.types.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import { FacilitiesRepository } from './facilities.repository.js';
import { INFERABLE_FIELDS, type Equipment, type Facility, type InferableField } from './facilities.types.js';
import { inferCapability } from './machine-kinds/index.js';

export interface CapabilityCorrection {
  materials?: string[] | null;
  buildVolumeMm?: Dimensions | null;
}

const sameCapability = (a: Equipment, b: Equipment) =>
  JSON.stringify([a.materials, a.buildVolumeMm ?? null, a.inferred ?? {}]) ===
  JSON.stringify([b.materials, b.buildVolumeMm ?? null, b.inferred ?? {}]);

// What a facility's machines work, inferred from the machine-kind table (on demand, for facilities
// registered or imported before it) and confirmed or corrected by the facility's admins: a
// confirmed or corrected value is the co-op's statement and no longer marked as inferred.
@Injectable()
export class EquipmentCapabilityService {
  constructor(
    private readonly facilities: FacilitiesRepository,
    private readonly outbox: OutboxRepository,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
  ) {}

  // Admins of the facility's organization; returns how many machines changed.
  async inferFacility(viewer: Viewer, facilityId: string): Promise<number> {
    const facility = await this.facility(facilityId);
    await this.access.require(viewer, 'facility:edit', facility);
    return this.uow.run((tx) => this.inferIn(tx, facility, viewer.accountId));
  }

  // Every facility, a page at a time (the operator's command line); returns machines changed.
  async inferAll(actorId: string, pageSize = 500): Promise<{ facilities: number; machines: number }> {
    let after: string | null = null;
    const total = { facilities: 0, machines: 0 };
    for (;;) {
      const page = await this.facilities.page(after, pageSize);
      if (!page.length) return total;
      for (const f of page) {
        total.machines += await this.uow.run((tx) => this.inferIn(tx, f, actorId));
        total.facilities++;
      }
      after = page[page.length - 1]!.id;
    }
  }

  private async inferIn(tx: Tx, facility: Facility, actorId: string): Promise<number> {
    const machines = await this.facilities.equipmentOfFacilityForUpdate(tx, facility.id);
    let changed = 0;
    for (const e of machines) {
      const next = inferCapability(e);
      if (sameCapability(e, next)) continue;
      await this.facilities.updateCapability(tx, next);
      changed++;
    }
    if (changed) await this.updated(tx, facility, machines, actorId);
    return changed;
  }

  // The co-op states that the inferred values are right: they stay, unmarked.
  async confirm(viewer: Viewer, equipmentId: string, fields: readonly string[]): Promise<Equipment> {
    if (!fields.length) throw new InvalidInputError('fields', `Name at least one of ${INFERABLE_FIELDS.join(', ')}.`, 'REQUIRED');
    for (const f of fields)
      if (!(INFERABLE_FIELDS as readonly string[]).includes(f))
        throw new InvalidInputError('fields', `fields must be among ${INFERABLE_FIELDS.join(', ')}.`, 'INVALID');
    return this.change(viewer, equipmentId, (e) => {
      const inferred = { ...e.inferred };
      for (const f of fields as InferableField[]) {
        if (!inferred[f]) throw new InvalidInputError('fields', `${f} of this machine is not an inferred value.`, 'NOT_INFERRED');
        delete inferred[f];
      }
      return { ...e, inferred };
    });
  }

  // The co-op gives the right values: they replace the inferred ones (null clears a value).
  async correct(viewer: Viewer, equipmentId: string, input: CapabilityCorrection): Promise<Equipment> {
    if (input.materials === undefined && input.buildVolumeMm === undefined)
      throw new InvalidInputError('input', 'Give materials, buildVolumeMm or both.', 'REQUIRED');
    const materials = input.materials && [...new Set(input.materials.map((m) => m.trim().toLowerCase()).filter(Boolean))];
    if (materials && materials.some((m) => m.length > 100))
      throw new InvalidInputError('materials', 'A material is at most 100 characters.', 'TOO_LONG');
    const v = input.buildVolumeMm;
    if (v && ![v.x, v.y, v.z].every((n) => Number.isFinite(n) && n > 0 && n <= 100_000))
      throw new InvalidInputError('buildVolumeMm', 'Build volume sides must be positive millimetres (at most 100 m).', 'OUT_OF_RANGE');
    return this.change(viewer, equipmentId, (e) => {
      const next: Equipment = { ...e, inferred: { ...e.inferred } };
      if (input.materials !== undefined) {
        next.materials = materials ?? [];
        delete next.inferred!.materials;
      }
      if (v !== undefined) {
        if (v) next.buildVolumeMm = { x: v.x, y: v.y, z: v.z };
        else delete next.buildVolumeMm;
        delete next.inferred!.buildVolumeMm;
      }
      return next;
    });
  }

  private async change(viewer: Viewer, equipmentId: string, edit: (e: Equipment) => Equipment): Promise<Equipment> {
    // Who may edit is settled before the unit of work: the facility and the viewer's memberships are
    // read on their own connections, which must not wait on a transaction this request holds.
    const found = await this.uow.run((tx) => this.facilities.equipmentById(tx, equipmentId));
    if (!found) throw new NotFoundError('Equipment', equipmentId);
    const facility = await this.facility(found.facilityId);
    await this.access.require(viewer, 'facility:edit', facility);
    return this.uow.run(async (tx) => {
      const e = await this.facilities.equipmentById(tx, equipmentId);
      if (!e || e.facilityId !== facility.id) throw new NotFoundError('Equipment', equipmentId);
      const next = edit(e);
      await this.facilities.updateCapability(tx, next);
      // The co-op has spoken for its machines: a re-import keeps them (facility-provenance.ts).
      await this.facilities.markEdited(tx, facility.id, ['equipment']);
      await this.updated(tx, facility, await this.facilities.equipmentOfFacilityForUpdate(tx, facility.id), viewer.accountId);
      return next;
    });
  }

  private async facility(id: string): Promise<Facility> {
    const f = await this.facilities.findById(id);
    if (!f) throw new NotFoundError('Facility', id);
    return f;
  }

  private async updated(tx: Tx, f: Facility, machines: readonly Equipment[], actorId: string): Promise<void> {
    await this.outbox.append(tx, {
      type: 'facility.updated',
      aggregateType: 'facility',
      aggregateId: f.id,
      payload: { facilityId: f.id, organizationId: f.organizationId, actorId, processes: [...new Set(machines.map((e) => e.process))] },
    });
  }
}
