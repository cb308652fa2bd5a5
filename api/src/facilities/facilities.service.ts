import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { decide } from '../access/policies.js';
import { decodeCursor } from '../common/graphql/connection.js';
import { isUuid } from '../common/uuid.js';
import type { Viewer } from '../common/auth/viewer.js';
import { InvalidInputError, NotFoundError } from '../common/errors/domain-error.js';
import { UnitOfWork } from '../database/transaction.js';
import { normalizeProcess } from '../designs/process-taxonomy.js';
import { OrganizationsService } from '../identity/organizations.service.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import { FacilitiesRepository } from './facilities.repository.js';
import type { Facility } from './facilities.types.js';
import { checkCoordinates, parseFacilityInput, type FacilityInput } from './facility-input.js';
import { changedFields } from './facility-provenance.js';
import { greatCircleKm } from './geo.js';

// Searches reach at most this far: a co-op further away is not "local".
export const MAX_RADIUS_KM = 2000;
export const MAX_NEAR_RESULTS = 100;

@Injectable()
export class FacilitiesService {
  constructor(
    private readonly facilities: FacilitiesRepository,
    private readonly organizations: OrganizationsService,
    private readonly outbox: OutboxRepository,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
  ) {}

  // Admins of an organization register its facilities.
  async register(viewer: Viewer, input: FacilityInput, sourceId?: string): Promise<Facility> {
    const parsed = parseFacilityInput(input);
    await this.access.require(viewer, 'organization:register-facility', await this.organizations.get(input.organizationId));
    const facility: Facility = {
      ...parsed.facility,
      id: randomUUID(),
      verificationLevel: 'SELF_ASSERTED',
      sourceId: sourceId ?? null,
      createdAt: new Date(),
    };
    const equipment = parsed.equipment.map((e) => ({ ...e, id: randomUUID() }));
    await this.uow.run(async (tx) => {
      await this.facilities.insert(tx, facility, equipment);
      await this.outbox.append(tx, {
        type: 'facility.registered',
        aggregateType: 'facility',
        aggregateId: facility.id,
        payload: {
          facilityId: facility.id,
          organizationId: facility.organizationId,
          actorId: viewer.accountId,
          processes: [...new Set(equipment.map((e) => e.process))],
        },
      });
    });
    return facility;
  }

  // Admins edit the profile. A field left out keeps its value (null clears it); the equipment
  // list, when given, replaces the old one (what matching will use).
  async update(viewer: Viewer, id: string, input: Omit<FacilityInput, 'organizationId'>): Promise<Facility> {
    const existing = await this.get(id);
    const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    const parsed = parseFacilityInput({ ...profileOf(existing), ...given, organizationId: existing.organizationId });
    await this.access.require(viewer, 'facility:edit', existing);
    const facility: Facility = { ...existing, ...parsed.facility, organizationId: existing.organizationId };
    const equipment = input.equipment === undefined ? null : parsed.equipment.map((e) => ({ ...e, id: randomUUID() }));
    const before = await this.facilities.equipmentOf([id]);
    const processes = [...new Set((equipment ?? before).map((e) => e.process))];
    // What the co-op changed is its own from now on: a directory re-import keeps it.
    const edited = changedFields(existing, before, facility, equipment);
    await this.uow.run(async (tx) => {
      await this.facilities.replace(tx, facility, equipment);
      await this.facilities.markEdited(tx, id, edited);
      await this.outbox.append(tx, {
        type: 'facility.updated',
        aggregateType: 'facility',
        aggregateId: id,
        payload: { facilityId: id, organizationId: facility.organizationId, actorId: viewer.accountId, processes },
      });
    });
    return (await this.facilities.findById(id))!;
  }

  async ofOrganization(organizationId: string): Promise<Facility[]> {
    await this.organizations.get(organizationId);
    return this.facilities.findByOrganization(organizationId);
  }

  async get(id: string): Promise<Facility> {
    const facility = await this.facilities.findById(id);
    if (!facility) throw new NotFoundError('Facility', id);
    return facility;
  }

  async byIds(ids: readonly string[]): Promise<Facility[]> {
    return this.facilities.findByIds(ids);
  }

  async page(afterId: string | null, limit: number): Promise<Facility[]> {
    return this.facilities.page(afterId, limit);
  }

  async equipmentOf(ids: readonly string[]) {
    return this.facilities.equipmentOf(ids);
  }

  // The organizations whose facilities' exact locations the viewer may see (those they belong to).
  async organizationsOf(viewer: Viewer | null): Promise<ReadonlySet<string>> {
    const subject = await this.access.subject(viewer);
    return new Set(
      [...subject.roles.keys()].filter((organizationId) => !decide(subject, 'facility:see-exact-location', { organizationId })),
    );
  }

  // Nearest first by the exact location; the distances returned are those the viewer may see.
  async near(args: NearArgs, viewer: Viewer | null = null) {
    return (await this.nearPage(args, viewer)).items;
  }

  // One page of near(): after the facility a cursor names (see nearestFacilitiesSql), with
  // whether more follow and, when asked, how many there are in all.
  async nearPage(args: NearArgs & { after?: string | null }, viewer: Viewer | null = null, options: { withTotal?: boolean } = {}) {
    checkCoordinates('near', args.lat, args.lon);
    if (!Number.isFinite(args.radiusKm) || args.radiusKm <= 0 || args.radiusKm > MAX_RADIUS_KM) {
      throw new InvalidInputError('radiusKm', `radiusKm must be more than 0 and at most ${MAX_RADIUS_KM}.`, 'OUT_OF_RANGE');
    }
    const limit = args.first ?? 20;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_NEAR_RESULTS) {
      throw new InvalidInputError('first', `first must be between 1 and ${MAX_NEAR_RESULTS}.`, 'OUT_OF_RANGE');
    }
    let process: string | undefined;
    if (args.process) {
      process = normalizeProcess(args.process)?.code;
      if (!process) throw new InvalidInputError('process', `"${args.process}" is not a known manufacturing process.`, 'UNKNOWN_PROCESS');
    }
    const after = args.after ? await this.cursorFacility(args.after) : undefined;
    const point = { lat: args.lat, lon: args.lon };
    const [found, totalCount] = await Promise.all([
      this.facilities.near(point, args.radiusKm, { process, limit: limit + 1, after }),
      options.withTotal ? this.facilities.countNear(point, args.radiusKm, { process }) : Promise.resolve(null),
    ]);
    const organizations = await this.organizationsOf(viewer);
    const items = found.slice(0, limit).map((r) => ({
      facility: r.facility,
      distanceKm: shownDistanceKm(point, r.facility, r.distanceKm, organizations),
    }));
    return { items, hasNextPage: found.length > limit, totalCount };
  }

  // A page cursor names the last facility handed back; it must still have a location.
  private async cursorFacility(cursor: string): Promise<string> {
    const id = decodeCursor(cursor);
    const facility = isUuid(id) ? await this.facilities.findById(id) : null;
    if (!facility?.location) throw new InvalidInputError('after', 'The cursor is not valid.', 'INVALID_CURSOR');
    return id;
  }
}

export interface NearArgs {
  lat: number;
  lon: number;
  radiusKm: number;
  process?: string | null;
  first?: number | null;
}

// What the public sees of a location: the city unless the facility opted in; members see it exactly.
export function visibleLocation(f: Facility, viewerIsMember: boolean) {
  if (!f.location) return null;
  const exact = f.locationPublic || viewerIsMember;
  const round = (n: number) => Math.round(n * 10) / 10; // ~11 km: the city, not the door
  return {
    lat: exact ? f.location.lat : round(f.location.lat),
    lon: exact ? f.location.lon : round(f.location.lon),
    address: exact ? f.address : null,
    city: f.city,
    country: f.country,
    exact,
  };
}

// The distance a viewer is shown must tell no more than the location they may see: exact (to
// 10 m) for members of the facility's organization and for facilities that publish their
// location; otherwise measured from the public, rounded location and given in whole kilometres,
// so that distances from several places (trilateration) lead back to the rounded point only.
export function shownDistance(
  from: { lat: number; lon: number },
  f: Facility,
  exactKm: number,
  viewerOrganizations: ReadonlySet<string>,
): { km: number; exact: boolean } {
  const where = visibleLocation(f, viewerOrganizations.has(f.organizationId));
  if (!where || where.exact) return { km: Math.round(exactKm * 100) / 100, exact: true };
  return { km: Math.round(greatCircleKm(from, where)), exact: false };
}

export const shownDistanceKm = (
  from: { lat: number; lon: number },
  f: Facility,
  exactKm: number,
  viewerOrganizations: ReadonlySet<string>,
): number => shownDistance(from, f, exactKm, viewerOrganizations).km;

// Between two facilities: exact only when the viewer may see both exactly.
export function shownDistanceBetweenKm(a: Facility, b: Facility, exactKm: number, viewerOrganizations: ReadonlySet<string>): number {
  const pa = visibleLocation(a, viewerOrganizations.has(a.organizationId));
  const pb = visibleLocation(b, viewerOrganizations.has(b.organizationId));
  if (!pa || !pb || (pa.exact && pb.exact)) return Math.round(exactKm * 100) / 100;
  return Math.round(greatCircleKm(pa, pb));
}

// A stored facility as the input that would set it (its equipment aside), for partial edits.
function profileOf(f: Facility): Omit<FacilityInput, 'organizationId' | 'equipment'> {
  return {
    name: f.name,
    description: f.description,
    location: f.location ? { ...f.location, address: f.address, city: f.city, country: f.country } : null,
    locationPublic: f.locationPublic,
    facilityStatus: f.facilityStatus,
    accessType: f.accessType,
    openingHours: f.openingHours,
    certifications: f.certifications,
    typicalBatchSize: f.typicalBatchSize,
    contactEmail: f.contactEmail,
    capacityHoursPerWeek: f.capacityHoursPerWeek,
  };
}
