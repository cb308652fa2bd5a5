import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { db, Sql } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';
import { earthdistanceMetres } from './geo.js';
import type { DedupJudgement, DedupSide } from './import/dedup.js';

export interface FacilitySource {
  sourceId: string;
  facilityId: string;
  directory: string;
  name: string;
  nameKey: string;
  websiteHosts: string[];
  country: string | null;
}

// A facility already on the platform, as duplicate detection compares it.
export interface DedupCandidate extends DedupSide {
  facilityId: string;
  name: string;
}

export interface DuplicateReview {
  id: string;
  facilityId: string;
  candidateId: string;
  sourceId: string;
  nameSimilarity: number;
  distanceKm: number | null;
  sameWebsite: boolean;
  reason: string;
  status: string;
  createdAt: Date;
}

// The directory records facilities stand for, and the duplicate pairs left for an operator.
@Injectable()
export class FacilitySourcesRepository {
  constructor(private readonly sql: Sql) {}

  async find(tx: Tx, sourceId: string): Promise<FacilitySource | null> {
    const r = await this.sql.first(db.selectFrom('facility_sources').selectAll().where('source_id', '=', sourceId), tx);
    return r
      ? {
          sourceId: r.source_id,
          facilityId: r.facility_id,
          directory: r.directory,
          name: r.name,
          nameKey: r.name_key,
          websiteHosts: r.website_hosts,
          country: r.country,
        }
      : null;
  }

  async link(tx: Tx, s: FacilitySource): Promise<void> {
    await this.sql.run(
      db
        .insertInto('facility_sources')
        .values({
          source_id: s.sourceId,
          facility_id: s.facilityId,
          directory: s.directory,
          name: s.name,
          name_key: s.nameKey,
          website_hosts: s.websiteHosts,
          country: s.country,
        })
        .onConflict((c) =>
          c.column('source_id').doUpdateSet({ name: s.name, name_key: s.nameKey, website_hosts: s.websiteHosts, country: s.country }),
        ),
      tx,
    );
  }

  // Facilities within `radiusKm` of the point or with a source of the same name key, that carry no
  // record of `directory` (a directory's own records are distinct workshops), with every name and
  // website they are known by. Locked, so two imports cannot merge into one facility unseen.
  async candidates(tx: Tx, o: { directory: string; nameKey: string; location: { lat: number; lon: number } | null; radiusKm: number }) {
    const near = o.location
      ? sql<boolean>`(f.lat IS NOT NULL AND earth_box(ll_to_earth(${o.location.lat}, ${o.location.lon}), ${earthdistanceMetres(o.radiusKm)}::float8) @> ll_to_earth(f.lat, f.lon))`
      : sql<boolean>`false`;
    const rows = await this.sql.all(
      sql<{ id: string; name: string; lat: number | null; lon: number | null; country: string | null; names: string[]; hosts: string[] }>`
        SELECT f.id, f.name, f.lat, f.lon, coalesce(f.country, max(s.country)) AS country,
               coalesce(array_agg(s.name) FILTER (WHERE s.name IS NOT NULL), '{}') AS names,
               coalesce(array_agg(DISTINCT h) FILTER (WHERE h IS NOT NULL), '{}') AS hosts
          FROM facilities f
          LEFT JOIN facility_sources s ON s.facility_id = f.id
          LEFT JOIN LATERAL unnest(s.website_hosts) h ON true
         WHERE (${near} OR f.id IN (SELECT facility_id FROM facility_sources WHERE name_key = ${o.nameKey}))
         GROUP BY f.id
        HAVING NOT coalesce(bool_or(s.directory = ${o.directory}), false)`,
      tx,
    );
    return rows.map((r): DedupCandidate => ({
      facilityId: r.id,
      name: r.name,
      names: [r.name, ...r.names],
      location: r.lat === null || r.lon === null ? null : { lat: r.lat, lon: r.lon },
      country: r.country,
      websiteHosts: r.hosts,
    }));
  }

  async flag(tx: Tx, facilityId: string, candidateId: string, sourceId: string, j: DedupJudgement): Promise<void> {
    await this.sql.run(
      db
        .insertInto('facility_duplicate_reviews')
        .values({
          id: randomUUID(),
          facility_id: facilityId,
          candidate_id: candidateId,
          source_id: sourceId,
          name_similarity: j.similarity,
          distance_km: j.distanceKm,
          same_website: j.sameWebsite,
          reason: j.reason,
        })
        .onConflict((c) => c.columns(['facility_id', 'candidate_id']).doNothing()),
      tx,
    );
  }

  // The open pairs, oldest first.
  async openReviews(limit: number): Promise<DuplicateReview[]> {
    const rows = await this.sql.all(
      db.selectFrom('facility_duplicate_reviews').selectAll().where('status', '=', 'OPEN').orderBy('created_at').orderBy('id').limit(limit),
    );
    return rows.map((r) => ({
      id: r.id,
      facilityId: r.facility_id,
      candidateId: r.candidate_id,
      sourceId: r.source_id,
      nameSimilarity: r.name_similarity,
      distanceKm: r.distance_km,
      sameWebsite: r.same_website,
      reason: r.reason,
      status: r.status,
      createdAt: new Date(r.created_at),
    }));
  }
}
