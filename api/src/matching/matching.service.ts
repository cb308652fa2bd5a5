import { Inject, Injectable } from '@nestjs/common';
import { InvalidInputError } from '../common/errors/domain-error.js';
import { decodeCursor, encodeCursor } from '../common/graphql/connection.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { DesignsService } from '../designs/designs.service.js';
import type { DesignVersion } from '../designs/designs.types.js';
import {
  FacilitiesService,
  MAX_RADIUS_KM,
  shownDistance,
  shownDistanceBetweenKm,
  shownDistanceKm,
} from '../facilities/facilities.service.js';
import type { Viewer } from '../common/auth/viewer.js';
import type { Equipment, Facility } from '../facilities/facilities.types.js';
import { checkCoordinates } from '../facilities/facility-input.js';
import { footingReason, machineMeets, unmet } from './capability.js';
import { MatchingRepository } from './matching.repository.js';
import type { FacilityMatch, MatchInput, MatchResult, SplitProposal } from './matching.types.js';
import { distinctCapabilities, estimateHours, parseRequirements, requirementsOfManifest, type Requirement } from './requirements.js';
import { DEFAULT_MATCHING_POLICY } from './reliability/matching-policy.js';
import { reliabilityReason } from './reliability/reliability.js';
import { ReliabilityService } from './reliability/reliability.service.js';
import { reasonsFor, scoreOf } from './scoring.js';
import { planSplit } from './split.js';

export const MAX_MATCHES = 100;
export const MAX_QUANTITY = 1_000_000;
const EXPLAIN_NEAREST = 25;
const SPLIT_CANDIDATES = 200;

export interface ParsedMatchInput {
  version: DesignVersion | null;
  requirements: Requirement[];
  location: { lat: number; lon: number };
  radiusKm: number;
  quantity: number;
  dueDate: Date | null;
  first: number;
  // Ranked matches before this page (0: the first page).
  offset?: number;
  explain: boolean;
}

@Injectable()
export class MatchingService {
  constructor(
    private readonly repository: MatchingRepository,
    private readonly facilities: FacilitiesService,
    private readonly designs: DesignsService,
    private readonly reliability: ReliabilityService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // Checks every argument before any query: a bad request reads nothing and writes nothing.
  async parse(input: MatchInput, now = new Date()): Promise<ParsedMatchInput> {
    checkCoordinates('location', input.location.lat, input.location.lon);
    if (!Number.isFinite(input.radiusKm) || input.radiusKm <= 0 || input.radiusKm > MAX_RADIUS_KM) {
      throw new InvalidInputError('radiusKm', `radiusKm must be more than 0 and at most ${MAX_RADIUS_KM}.`, 'OUT_OF_RANGE');
    }
    if (!Number.isInteger(input.quantity) || input.quantity < 1 || input.quantity > MAX_QUANTITY) {
      throw new InvalidInputError('quantity', `quantity must be a whole number from 1 to ${MAX_QUANTITY}.`, 'OUT_OF_RANGE');
    }
    if (input.dueDate && !(input.dueDate.getTime() > now.getTime())) {
      throw new InvalidInputError('dueDate', 'dueDate must be in the future.', 'IN_THE_PAST');
    }
    const first = input.first ?? 20;
    if (!Number.isInteger(first) || first < 1 || first > MAX_MATCHES)
      throw new InvalidInputError('first', `first must be between 1 and ${MAX_MATCHES}.`, 'OUT_OF_RANGE');
    if (!input.designVersionCid && !input.requirements?.length) {
      throw new InvalidInputError('designVersionCid', 'Give a designVersionCid or at least one requirement.', 'REQUIRED');
    }
    const adHoc = parseRequirements(input.requirements ?? []);
    const version = input.designVersionCid ? await this.versionByCid(input.designVersionCid) : null;
    const requirements = [...(version ? requirementsOfManifest(version.manifest) : []), ...adHoc];
    return {
      version,
      requirements,
      location: { lat: input.location.lat, lon: input.location.lon },
      radiusKm: input.radiusKm,
      quantity: input.quantity,
      dueDate: input.dueDate ?? null,
      first,
      offset: input.after ? matchOffset(input.after) : 0,
      explain: input.explain ?? false,
    };
  }

  private async versionByCid(cid: string) {
    try {
      return await this.designs.versionByCid(cid);
    } catch (err) {
      if (err instanceof InvalidInputError) throw new InvalidInputError('designVersionCid', err.message, err.reason);
      throw err;
    }
  }

  async match(input: MatchInput, viewer: Viewer | null = null): Promise<MatchResult> {
    return this.matchParsed(await this.parse(input), viewer);
  }

  // Ranked and filtered by exact locations; every distance handed back (and the score and the
  // reasons, which would reveal it) is the one the viewer may see (shownDistanceKm).
  async matchParsed(p: ParsedMatchInput, viewer: Viewer | null = null): Promise<MatchResult> {
    const organizations = await this.facilities.organizationsOf(viewer);
    const capabilities = distinctCapabilities(p.requirements);
    const estimatedHours = estimateHours(p.requirements, p.quantity, this.config.production.hoursPerPart);
    const rows = await this.repository.match({
      ...p.location,
      radiusKm: p.radiusKm,
      capabilities,
      weights: this.config.matching.weights,
      limit: p.first,
      offset: p.offset,
      candidatePool: this.config.matching.candidatePool,
      quantity: p.quantity,
    });
    const canDo = p.requirements.map((r) => `${r.label} (${r.process}${r.material ? `, ${r.material}` : ''})`);
    // Which values each match rests on (inferred, or unknown): one query for every match.
    const kit =
      rows.length && p.requirements.length
        ? groupEquipment(await this.facilities.equipmentOf(rows.map((r) => r.id)))
        : new Map<string, Equipment[]>();
    const matches: FacilityMatch[] = rows.map((r) => {
      const facility = r.facility;
      const { km, exact } = shownDistance(p.location, facility, r.km, organizations);
      const components = {
        distanceKm: km,
        approximate: !exact,
        radiusKm: p.radiusKm,
        load: r.load,
        verificationLevel: r.verificationLevel,
        cooperative: r.cooperative,
        reliability: { sample: r.reliability.sample, onTime: r.reliability.onTime.count, ...firstDeliveryCounts(r) },
      };
      const reasons = reasonsFor(components, canDo);
      for (const req of p.requirements) {
        const footing = footingReason(kit.get(r.id) ?? [], req);
        if (footing) reasons.push(footing);
      }
      reasons.push(reliabilityReason(r.reliability));
      if (p.dueDate) reasons.push(dueDateReason(facility, r.load, estimatedHours, p.dueDate));
      return {
        facility,
        distanceKm: km,
        score: exact ? r.score : scoreOf(components, this.config.matching.weights),
        load: r.load,
        eligible: true,
        reasons,
        reliability: r.reliability,
      };
    });
    // Exclusions are explained with the first page, against the matches it holds.
    const excluded = p.explain && !p.offset ? await this.explainExclusions(p, new Set(rows.map((r) => r.id)), organizations) : [];
    const totalCount = rows[0]?.total ?? (p.offset ? await this.rankedCount(p) : 0);
    return { requirements: p.requirements, estimatedHours, matches, excluded, offset: p.offset ?? 0, totalCount };
  }

  // How many the ranking holds, for a page past its end (which has no row to carry the count).
  private async rankedCount(p: ParsedMatchInput): Promise<number> {
    const rows = await this.repository.match({
      ...p.location,
      radiusKm: p.radiusKm,
      capabilities: distinctCapabilities(p.requirements),
      weights: this.config.matching.weights,
      limit: 1,
      offset: 0,
      candidatePool: Math.max(this.config.matching.candidatePool, 2 * p.first),
    });
    return rows[0]?.total ?? 0;
  }

  // Why the nearest facilities that did not match were left out.
  private async explainExclusions(p: ParsedMatchInput, matched: Set<string>, organizations: ReadonlySet<string>): Promise<FacilityMatch[]> {
    const near = (await this.repository.nearest(p.location, p.radiusKm, EXPLAIN_NEAREST)).filter((n) => !matched.has(n.facility.id));
    if (!near.length) return [];
    const ids = near.map((n) => n.facility.id);
    const kit = groupEquipment(await this.facilities.equipmentOf(ids));
    const records = await this.reliability.reliabilityOf(ids, DEFAULT_MATCHING_POLICY);
    return near.map(({ facility, km }, i) => {
      const reasons =
        facility.facilityStatus !== 'ACTIVE' ? [`facility is ${facility.facilityStatus.replace(/_/g, ' ').toLowerCase()}`] : [];
      reasons.push(...unmet(kit.get(facility.id) ?? [], p.requirements).map((u) => u.reason));
      const probation = records[i]!.probation;
      if (!reasons.length && probation.active && p.quantity > probation.maxQuantity)
        reasons.push(
          `on probation: a new facility takes at most ${probation.maxQuantity} units a job until ${probation.jobs} of its jobs are accepted (${probation.acceptedJobs} so far)`,
        );
      // Capable and active but not in the first N: outranked, not excluded.
      if (!reasons.length) reasons.push('capable, but ranked below the requested number of matches');
      return {
        facility,
        distanceKm: shownDistanceKm(p.location, facility, km, organizations),
        score: 0,
        load: 0,
        eligible: false,
        reasons,
        reliability: null,
      };
    });
  }

  async split(input: MatchInput, viewer: Viewer | null = null): Promise<SplitProposal | null> {
    return this.planSplit(await this.parse(input), viewer);
  }

  // Split mode: each fabricated part to a capable facility plus an assembler, least total distance.
  // Planned on exact locations; the distances handed back are those the viewer may see.
  async planSplit(p: ParsedMatchInput, viewer: Viewer | null = null): Promise<SplitProposal | null> {
    if (!p.requirements.length) return null;
    const makers = await this.repository.partialMakers(p.location, p.radiusKm, distinctCapabilities(p.requirements), SPLIT_CANDIDATES);
    if (!makers.length) return null;
    const ids = makers.map((m) => m.id);
    const [facilities, equipment] = await Promise.all([this.facilities.byIds(ids), this.facilities.equipmentOf(ids)]);
    const kit = groupEquipment(equipment);
    const byId = new Map(facilities.map((f) => [f.id, f]));
    const candidates = facilities
      .filter((f) => f.location)
      .map((f) => ({
        id: f.id,
        location: f.location!,
        canMake: new Set(p.requirements.filter((r) => (kit.get(f.id) ?? []).some((e) => machineMeets(e, r))).map((r) => r.key)),
      }));
    const plan = planSplit(p.location, p.requirements, candidates);
    if (!plan) return null;
    const reqByKey = new Map(p.requirements.map((r) => [r.key, r]));
    const km = new Map(makers.map((m) => [m.id, m.km]));
    const organizations = await this.facilities.organizationsOf(viewer);
    const assembler = byId.get(plan.assemblerId)!;
    const lines = plan.lines.map((l) => ({
      requirement: reqByKey.get(l.requirementKey)!,
      facility: byId.get(l.facilityId)!,
      toAssemblerKm: shownDistanceBetweenKm(byId.get(l.facilityId)!, assembler, l.toAssemblerKm, organizations),
    }));
    const deliveryKm = shownDistanceKm(p.location, assembler, plan.deliveryKm, organizations);
    return {
      candidates: candidates.map((c) => ({
        facility: byId.get(c.id)!,
        distanceKm: shownDistanceKm(p.location, byId.get(c.id)!, km.get(c.id)!, organizations),
        canMake: [...c.canMake],
      })),
      assembler,
      deliveryKm,
      totalKm: lines.reduce((sum, l) => sum + l.toAssemblerKm, deliveryKm),
      lines,
    };
  }
}

function firstDeliveryCounts(r: { reliability: { firstDelivery: { count: number; sample: number } } }) {
  return { resolved: r.reliability.firstDelivery.sample, firstDelivery: r.reliability.firstDelivery.count };
}

// A match page's cursor is the position after its last match: a position, not the scores or
// distances it was ranked by (those would tell the exact distance the viewer may not see).
export const matchCursor = (position: number): string => encodeCursor(`rank:${position}`);

function matchOffset(cursor: string): number {
  const m = /^rank:(\d{1,9})$/.exec(decodeCursor(cursor));
  if (!m) throw new InvalidInputError('after', 'The cursor is not valid.', 'INVALID_CURSOR');
  return Number(m[1]);
}

function groupEquipment(rows: Array<Equipment & { facilityId: string }>): Map<string, Equipment[]> {
  const m = new Map<string, Equipment[]>();
  for (const e of rows) m.set(e.facilityId, [...(m.get(e.facilityId) ?? []), e]);
  return m;
}

// Whether the facility's free weekly hours until the due date cover the estimate.
function dueDateReason(f: Facility, load: number, hours: number, due: Date): string {
  const weeks = Math.max(0, (due.getTime() - Date.now()) / (7 * 24 * 3600 * 1000));
  const free = Math.max(0, f.capacityHoursPerWeek * (1 - Math.min(1, load))) * weeks;
  const day = due.toISOString().slice(0, 10);
  return free >= hours
    ? `has about ${Math.round(free)} free machine-hours before ${day} (needs about ${hours})`
    : `may not finish by ${day}: about ${Math.round(free)} free machine-hours, needs about ${hours}`;
}
