import { randomUUID } from 'node:crypto';
import type { Facility } from '../facilities/facilities.types.js';
import { estimateHours } from '../matching/requirements.js';
import type { MatchResult, SplitProposal } from '../matching/matching.types.js';
import type { JobOffer, ProductionJob } from './production.types.js';

// How a production request becomes jobs and the offers made for each: pure, so every rule
// of it (ranking, who is proposed, what each line says) is tested without a database.

export interface PlanningInput {
  requestId: string;
  // The design version's title: the whole job's label and the assembly's.
  title: string;
  quantity: number;
  now: Date;
  // How many facilities each job is offered to.
  offerLimit: number;
  hoursPerPart: number;
  newId?: () => string;
}

export interface ProductionPlan {
  split: boolean;
  jobs: ProductionJob[];
  offers: JobOffer[];
}

type JobShape = Pick<ProductionJob, 'lineKey' | 'role' | 'label' | 'requirement' | 'quantity' | 'estimatedHours' | 'proposedFacilityId'>;

function newJob(input: PlanningInput, shape: JobShape): ProductionJob {
  return {
    ...shape,
    id: (input.newId ?? randomUUID)(),
    requestId: input.requestId,
    status: 'OPEN',
    facilityId: null,
    claimedBy: null,
    claimedAt: null,
    claimExpiresAt: null,
    claimSeq: 0,
    evidenceCids: [],
    updatedAt: input.now,
  };
}

// One facility can make everything: one WHOLE job offered to the matches in their ranked order
// (the matcher already cut them to the offer limit), the best one proposed.
export function planWhole(input: PlanningInput, result: Pick<MatchResult, 'matches' | 'estimatedHours'>): ProductionPlan {
  const best = result.matches[0];
  if (!best) throw new RangeError('planWhole needs at least one match');
  const whole = newJob(input, {
    lineKey: 'whole',
    role: 'WHOLE',
    label: input.title,
    requirement: null,
    quantity: input.quantity,
    estimatedHours: result.estimatedHours,
    proposedFacilityId: best.facility.id,
  });
  const offers = result.matches.map((m, i): JobOffer => ({
    jobId: whole.id,
    facilityId: m.facility.id,
    rank: i + 1,
    score: m.score,
    distanceKm: m.distanceKm,
    load: m.load,
    reasons: m.reasons,
  }));
  return { split: false, jobs: [whole], offers };
}

// No single facility can: each fabricated part becomes its own PART job, plus an ASSEMBLY job.
// Each is offered first to the facility the split plan chose, then to the others in range that
// can do that line, nearest first.
export function planSplitLines(input: PlanningInput, plan: SplitProposal): ProductionPlan {
  const jobs: ProductionJob[] = [];
  const offers: JobOffer[] = [];
  const byDistance = [...plan.candidates].sort((a, b) => a.distanceKm - b.distanceKm);
  const offer = (jobId: string, planned: Facility, pool: typeof byDistance, why: string) => {
    const first = pool.find((c) => c.facility.id === planned.id);
    const ordered = [...(first ? [first] : []), ...pool.filter((c) => c.facility.id !== planned.id)].slice(0, input.offerLimit);
    ordered.forEach((c, i) =>
      offers.push({
        jobId,
        facilityId: c.facility.id,
        rank: i + 1,
        score: i === 0 ? 1 : 0,
        distanceKm: c.distanceKm,
        load: 0,
        reasons: [i === 0 ? `proposed by the split plan: ${why}` : 'can also do this line', `${Math.round(c.distanceKm)} km away`],
      }),
    );
  };
  for (const line of plan.lines) {
    const r = line.requirement;
    const part = newJob(input, {
      lineKey: `part:${r.key}`,
      role: 'PART',
      label: r.label,
      requirement: r,
      quantity: input.quantity * r.quantityPerUnit,
      estimatedHours: estimateHours([r], input.quantity, input.hoursPerPart),
      proposedFacilityId: line.facility.id,
    });
    jobs.push(part);
    offer(
      part.id,
      line.facility,
      byDistance.filter((c) => c.canMake.includes(r.key)),
      `${Math.round(line.toAssemblerKm)} km to the assembler`,
    );
  }
  const assembly = newJob(input, {
    lineKey: 'assembly',
    role: 'ASSEMBLY',
    label: `Assembly of ${input.title}`,
    requirement: null,
    quantity: input.quantity,
    estimatedHours: estimateHours([], input.quantity, input.hoursPerPart),
    proposedFacilityId: plan.assembler.id,
  });
  jobs.push(assembly);
  offer(assembly.id, plan.assembler, byDistance, `least total distance (${Math.round(plan.totalKm)} km)`);
  return { split: true, jobs, offers };
}
