import { toFacilityModel } from '../facilities/facilities.mappers.js';
import { toReliabilityModel } from './reliability/reliability.models.js';
import type { FacilityMatch, SplitProposal } from './matching.types.js';
import { FacilityMatchModel, SplitPlanModel } from './models/match.models.js';

const r2 = (n: number) => Math.round(n * 100) / 100;

export function toMatchModel(m: FacilityMatch): FacilityMatchModel {
  return {
    facility: toFacilityModel(m.facility),
    distanceKm: r2(m.distanceKm),
    score: Math.round(m.score * 10_000) / 10_000,
    load: r2(m.load),
    eligible: m.eligible,
    reasons: m.reasons,
    fitsDueDate: m.time?.fits ?? null,
    freeHours: m.time ? r2(m.time.freeHours) : null,
    neededHours: m.time ? r2(m.time.neededHours) : null,
    reliability: m.reliability ? toReliabilityModel(m.reliability) : null,
  };
}

export function toSplitPlanModel(p: SplitProposal): SplitPlanModel {
  return {
    assembler: toFacilityModel(p.assembler),
    deliveryKm: r2(p.deliveryKm),
    totalKm: r2(p.totalKm),
    lines: p.lines.map((l) => ({ requirement: l.requirement, facility: toFacilityModel(l.facility), toAssemblerKm: r2(l.toAssemblerKm) })),
  };
}
