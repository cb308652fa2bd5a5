import type { TimeFit } from '../calendar/calendar.types.js';
import type { Facility } from '../facilities/facilities.types.js';
import type { FacilityReliability } from './reliability/reliability.js';
import type { Requirement, RequirementInput } from './requirements.js';

export interface MatchInput {
  designVersionCid?: string | null;
  requirements?: RequirementInput[] | null;
  location: { lat: number; lon: number };
  radiusKm: number;
  quantity: number;
  dueDate?: Date | null;
  requireFreeHours?: boolean | null; // only facilities with the free machine-hours before dueDate
  first?: number | null;
  // The endCursor of the page before (pages run through one ranking: see MatchResult).
  after?: string | null;
  explain?: boolean | null;
}

export interface FacilityMatch {
  facility: Facility;
  distanceKm: number;
  score: number;
  load: number;
  eligible: boolean;
  reasons: string[];
  time?: TimeFit; // with a due date: the free time it has for the work
  // Its delivery record and probation (null for excluded facilities).
  reliability: FacilityReliability | null;
}

export interface SplitLine {
  requirement: Requirement;
  facility: Facility;
  toAssemblerKm: number;
}

export interface SplitProposal {
  assembler: Facility;
  deliveryKm: number;
  totalKm: number;
  lines: SplitLine[];
  // Every facility in range that can make at least one part (keys of what it can make).
  candidates: Array<{ facility: Facility; distanceKm: number; canMake: string[] }>;
}

export interface MatchResult {
  requirements: Requirement[];
  estimatedHours: number;
  matches: FacilityMatch[];
  excluded: FacilityMatch[];
  // Where this page starts in the ranking (0 when absent), and how many the ranking holds.
  offset?: number;
  totalCount?: number;
}
