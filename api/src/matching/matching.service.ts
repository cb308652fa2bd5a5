import { Inject, Injectable } from '@nestjs/common';
import { InvalidInputError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { DesignsService } from '../designs/designs.service.js';
import type { DesignVersion } from '../designs/designs.types.js';
import { FacilitiesService, MAX_RADIUS_KM, shownDistanceBetweenKm, shownDistanceKm } from '../facilities/facilities.service.js';
import type { Viewer } from '../common/auth/viewer.js';
import type { Equipment } from '../facilities/facilities.types.js';
import { checkCoordinates } from '../facilities/facility-input.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { closuresSince } from '../calendar/calendar-sql.js';
import { groupEquipment, machineMeets } from './capability.js';
import { rankWithTime } from './due-date.js';
import { excludedMatch, matchOffset, toFacilityMatch, type PageEntry } from './match-page.js';
import { MatchingRepository, type MatchRow } from './matching.repository.js';
import type { FacilityMatch, MatchInput, MatchResult, SplitProposal } from './matching.types.js';
import { distinctCapabilities, estimateHours, parseRequirements, requirementsOfManifest, type Requirement } from './requirements.js';
import { DEFAULT_MATCHING_POLICY } from './reliability/matching-policy.js';
import { ReliabilityService } from './reliability/reliability.service.js';
import { planSplit, type SplitCandidate } from './split.js';

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
  requireFreeHours: boolean;
  first: number;
  // Ranked matches before this page (0: the first page).
  offset?: number;
  explain: boolean;
}

// The order machines are listed in everywhere a match names them (facilities' equipment reads).
const byProcessThenId = <T extends { process: string; id: string }>(machines: readonly T[]): T[] =>
  [...machines].sort((a, b) => (a.process < b.process ? -1 : a.process > b.process ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

@Injectable()
export class MatchingService {
  constructor(
    private readonly repository: MatchingRepository,
    private readonly facilities: FacilitiesService,
    private readonly designs: DesignsService,
    private readonly reliability: ReliabilityService,
    private readonly calendar: CalendarService,
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
    if (input.requireFreeHours && !input.dueDate)
      throw new InvalidInputError('requireFreeHours', 'requireFreeHours needs a dueDate.', 'REQUIRED');
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
      requireFreeHours: input.requireFreeHours ?? false,
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
    const { weights, timeWeight, candidatePool } = this.config.matching;
    // With a due date the whole candidate pool (the same as without) comes back, to be ranked
    // again with free time and paged here.
    const pool = Math.max(candidatePool, 2 * p.first);
    const rows = await this.repository.match({
      ...p.location,
      radiusKm: p.radiusKm,
      capabilities,
      weights,
      quantity: p.quantity,
      ...(p.dueDate
        ? { limit: pool, offset: 0, candidatePool: pool, wholePool: true, calendarsSince: closuresSince(new Date()) }
        : { limit: p.first, offset: p.offset, candidatePool, withEquipment: p.requirements.length > 0 }),
    });
    const offset = p.offset ?? 0;
    let page: PageEntry[];
    let totalCount: number;
    let timeExcluded = new Map<string, string>();
    if (p.dueDate) {
      const timed = rankWithTime(rows, await this.timeFits(p, rows), { ...p, dueDate: p.dueDate, weights, timeWeight });
      page = timed.ranked.slice(offset, offset + p.first);
      totalCount = timed.ranked.length;
      timeExcluded = timed.timeExcluded;
    } else {
      page = rows.map((row) => ({ row }));
      totalCount = rows[0]?.total ?? (offset ? await this.rankedCount(p) : 0);
    }
    // Which values each match rests on (inferred, or unknown): one query for every match.
    // The rows carry their machines: in their own column without a due date, in their calendar with
    // one. Only facilities that keep no calendar are read again, with a due date.
    const kit = new Map<string, Equipment[]>();
    if (p.requirements.length) {
      const carried = (row: MatchRow) => row.equipment ?? (row.calendar ? byProcessThenId(row.calendar.machines) : undefined);
      const missing = page.filter(({ row }) => !carried(row)).map(({ row }) => row.id);
      for (const { row } of page) if (carried(row)) kit.set(row.id, carried(row)!);
      if (missing.length) for (const [id, machines] of groupEquipment(await this.facilities.equipmentOf(missing))) kit.set(id, machines);
    }
    const matches = page.map((m) => toFacilityMatch(m, { ...p, organizations, kit, weights, timeWeight }));
    // Exclusions are explained with the first page, against the matches it holds.
    const shown = new Set(page.map(({ row }) => row.id));
    const excluded = p.explain && !offset ? await this.explainExclusions(p, shown, organizations, timeExcluded) : [];
    return { requirements: p.requirements, estimatedHours, matches, excluded, offset, totalCount };
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
      quantity: p.quantity,
    });
    return rows[0]?.total ?? 0;
  }

  // Free time of each candidate before the due date, on its calendar or its weekly capacity.
  private timeFits(p: ParsedMatchInput, rows: readonly MatchRow[]) {
    const candidates = rows.map((r) => ({ id: r.id, capacityHoursPerWeek: r.facility.capacityHoursPerWeek, load: r.load }));
    const work = { requirements: p.requirements, quantity: p.quantity, hoursPerPart: this.config.production.hoursPerPart };
    return this.calendar.fits(candidates, work, p.dueDate!, new Date(), new Map(rows.map((r) => [r.id, r.calendar ?? null])));
  }

  // Why the nearest facilities that did not match were left out.
  private async explainExclusions(
    p: ParsedMatchInput,
    matched: Set<string>,
    organizations: ReadonlySet<string>,
    timeExcluded: ReadonlyMap<string, string>,
  ): Promise<FacilityMatch[]> {
    const near = (await this.repository.nearest(p.location, p.radiusKm, EXPLAIN_NEAREST)).filter((n) => !matched.has(n.facility.id));
    if (!near.length) return [];
    const ids = near.map((n) => n.facility.id);
    const kit = groupEquipment(await this.facilities.equipmentOf(ids));
    const records = await this.reliability.reliabilityOf(ids, DEFAULT_MATCHING_POLICY);
    return near.map(({ facility, km }, i) =>
      excludedMatch(facility, {
        ...p,
        organizations,
        km,
        equipment: kit.get(facility.id) ?? [],
        probation: records[i]!.probation,
        timeExcluded,
      }),
    );
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
    const candidates: SplitCandidate[] = facilities
      .filter((f) => f.location)
      .map((f) => ({
        id: f.id,
        location: f.location!,
        canMake: new Set(p.requirements.filter((r) => (kit.get(f.id) ?? []).some((e) => machineMeets(e, r))).map((r) => r.key)),
      }));
    if (p.dueDate) {
      const load = new Map(makers.map((m) => [m.id, m.load]));
      const work = { requirements: p.requirements, quantity: p.quantity, hoursPerPart: this.config.production.hoursPerPart };
      const fitters = await this.calendar.fitters(
        facilities.map((f) => ({ id: f.id, capacityHoursPerWeek: f.capacityHoursPerWeek, load: load.get(f.id) ?? 0 })),
        work,
        p.dueDate,
      );
      for (const c of candidates) c.fits = (keys: readonly string[]) => fitters.get(c.id)!(keys).fits;
    }
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
