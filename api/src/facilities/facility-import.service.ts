import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Viewer } from '../common/auth/viewer.js';
import { UnitOfWork, type Tx } from '../database/transaction.js';
import { OrganizationsService } from '../identity/organizations.service.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import { FacilitiesRepository } from './facilities.repository.js';
import type { Facility } from './facilities.types.js';
import { applyDirectory, type ImportConflict } from './facility-provenance.js';
import { parseFacilityInput } from './facility-input.js';
import { FacilitySourcesRepository } from './facility-sources.repository.js';
import { DEDUP_RADIUS_KM, judgeDuplicate, nameKey, websiteHost, type DedupJudgement } from './import/dedup.js';
import type { DirectoryFacility } from './import/directories.js';
import { inferCapability } from './machine-kinds/index.js';

export const IMPORT_OUTCOMES = ['created', 'updated', 'merged', 'flagged'] as const;
export type ImportOutcome = (typeof IMPORT_OUTCOMES)[number];

export interface ImportResult {
  outcome: ImportOutcome;
  facilityId: string;
  // Fields the co-op edited that the directory now gives other values for: the co-op's are kept.
  conflicts: ImportConflict[];
  // Merged: the facility the record was merged into and why; flagged: the pairs left for an operator.
  duplicates: Array<{ facilityId: string; name: string } & DedupJudgement>;
}

// Directory records (fablabs.io, Open Know-Where, Nesta) as facilities. A record seen before (by
// its source id) updates its facility, except the fields the co-op has edited since. A new record
// is first compared with the facilities already here (import/dedup.ts): merged into one that is
// surely the same workshop (which keeps its profile and gains the source id), imported beside
// the ones it may be (and the pairs flagged for an operator), or imported. The first import makes
// an organization for each facility (the importer is its admin until the co-op takes it over).
// Materials and build volumes the directory does not give are inferred from each machine's kind and
// model (machine-kinds/), marked as inferred with their basis.
@Injectable()
export class FacilityImportService {
  constructor(
    private readonly facilities: FacilitiesRepository,
    private readonly sources: FacilitySourcesRepository,
    private readonly organizations: OrganizationsService,
    private readonly outbox: OutboxRepository,
    private readonly uow: UnitOfWork,
  ) {}

  async upsert(viewer: Viewer, record: DirectoryFacility): Promise<ImportOutcome> {
    return (await this.importRecord(viewer, record)).outcome;
  }

  async importRecord(viewer: Viewer, record: DirectoryFacility): Promise<ImportResult> {
    // Validated before any write; an organization id is filled in below.
    const parsed = parseFacilityInput({ ...record.input, organizationId: '' });
    const source = {
      sourceId: record.sourceId,
      directory: record.sourceId.split(':')[0]!,
      name: parsed.facility.name,
      nameKey: nameKey(parsed.facility.name),
      websiteHosts: [...new Set((record.websites ?? []).map(websiteHost).filter((h): h is string => !!h))],
      country: parsed.facility.country ?? record.country?.toUpperCase() ?? null,
    };
    return this.uow.run(async (tx) => {
      const known = await this.sources.find(tx, record.sourceId);
      if (known) {
        await this.sources.link(tx, { ...source, facilityId: known.facilityId });
        const existing = (await this.facilities.findByIds([known.facilityId], tx))[0]!;
        // Only the record a facility was imported from speaks for its profile; a merged-in record is kept as a source.
        if (existing.sourceId !== record.sourceId) return { outcome: 'merged', facilityId: existing.id, conflicts: [], duplicates: [] };
        const current = await this.facilities.equipmentOf([existing.id], tx);
        const edited = await this.facilities.editedFields(tx, existing.id);
        const next = applyDirectory(existing, current, edited, parsed.facility, parsed.equipment);
        const equipment = next.equipment && next.equipment.map((e) => ({ ...inferCapability(e), id: randomUUID() }));
        await this.facilities.replace(tx, { ...next.facility, organizationId: existing.organizationId }, equipment);
        return { outcome: 'updated', facilityId: existing.id, conflicts: next.conflicts, duplicates: [] };
      }
      const side = { names: [source.name], location: parsed.facility.location, country: source.country, websiteHosts: source.websiteHosts };
      const judged = (
        await this.sources.candidates(tx, {
          directory: source.directory,
          nameKey: source.nameKey,
          location: parsed.facility.location,
          radiusKm: DEDUP_RADIUS_KM,
        })
      )
        .map((c) => ({ candidate: c, judgement: judgeDuplicate(side, c) }))
        .filter((j) => j.judgement.verdict !== 'DISTINCT')
        .sort(byLikeness);
      const duplicates = judged.map(({ candidate, judgement }) => ({
        facilityId: candidate.facilityId,
        name: candidate.name,
        ...judgement,
      }));
      const best = judged[0];
      if (best?.judgement.verdict === 'MERGE') {
        await this.sources.link(tx, { ...source, facilityId: best.candidate.facilityId });
        return { outcome: 'merged', facilityId: best.candidate.facilityId, conflicts: [], duplicates: duplicates.slice(0, 1) };
      }
      const facility = await this.create(tx, viewer, record.sourceId, parsed);
      await this.sources.link(tx, { ...source, facilityId: facility.id });
      for (const { candidate, judgement } of judged)
        await this.sources.flag(tx, facility.id, candidate.facilityId, record.sourceId, judgement);
      return { outcome: judged.length ? 'flagged' : 'created', facilityId: facility.id, conflicts: [], duplicates };
    });
  }

  // The pairs an import could not decide on, oldest first, with both facilities' names.
  async openDuplicates(limit: number) {
    const reviews = await this.sources.openReviews(limit);
    const named = new Map(
      (await this.facilities.findByIds([...new Set(reviews.flatMap((r) => [r.facilityId, r.candidateId]))])).map((f) => [f.id, f.name]),
    );
    return reviews.map((r) => ({ ...r, facilityName: named.get(r.facilityId) ?? '', candidateName: named.get(r.candidateId) ?? '' }));
  }

  private async create(tx: Tx, viewer: Viewer, sourceId: string, parsed: ReturnType<typeof parseFacilityInput>): Promise<Facility> {
    // Directories list machines by type, make and model only: what the machine-kind table knows of
    // them is filled in, marked as inferred with its basis.
    const equipment = parsed.equipment.map((e) => ({ ...inferCapability(e), id: randomUUID() }));
    const org = await this.organizations.createIn(tx, viewer, { name: parsed.facility.name.slice(0, 120), kind: 'MAKERSPACE' });
    const facility: Facility = {
      ...parsed.facility,
      organizationId: org.id,
      id: randomUUID(),
      verificationLevel: 'SELF_ASSERTED',
      sourceId,
      createdAt: new Date(),
    };
    await this.facilities.insert(tx, facility, equipment);
    await this.outbox.append(tx, {
      type: 'facility.registered',
      aggregateType: 'facility',
      aggregateId: facility.id,
      payload: {
        facilityId: facility.id,
        organizationId: org.id,
        actorId: viewer.accountId,
        processes: [...new Set(equipment.map((e) => e.process))],
      },
    });
    return facility;
  }
}

const RANK = { MERGE: 0, FLAG: 1, DISTINCT: 2 } as const;
// Surest first: merges before flags, then the more alike names, then the nearer.
function byLikeness(a: { judgement: DedupJudgement }, b: { judgement: DedupJudgement }): number {
  return (
    RANK[a.judgement.verdict] - RANK[b.judgement.verdict] ||
    b.judgement.similarity - a.judgement.similarity ||
    (a.judgement.distanceKm ?? Infinity) - (b.judgement.distanceKm ?? Infinity)
  );
}
