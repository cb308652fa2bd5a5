import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { buildMatchQuery, capabilityClause, type MatchQueryArgs } from './match-query.js';
import type { Requirement } from './requirements.js';

export interface MatchRow {
  id: string;
  km: number;
  load: number;
  verificationLevel: string;
  cooperative: boolean;
  score: number;
}

@Injectable()
export class MatchingRepository {
  constructor(private readonly dataSource: DataSource) {}

  async match(args: MatchQueryArgs): Promise<MatchRow[]> {
    const { text, params } = buildMatchQuery(args);
    const rows: Array<{ id: string; km: number; load: number; verification_level: string; cooperative: boolean; score: number }> = await this.dataSource.query(text, params);
    return rows.map((r) => ({ id: r.id, km: Number(r.km), load: Number(r.load), verificationLevel: r.verification_level, cooperative: r.cooperative, score: Number(r.score) }));
  }

  // The nearest facilities of any status and capability, for explaining exclusions.
  async nearest(point: { lat: number; lon: number }, radiusKm: number, limit: number): Promise<Array<{ id: string; km: number; status: string }>> {
    const rows: Array<{ id: string; km: number; facility_status: string }> = await this.dataSource.query(
      `SELECT f.id, f.facility_status, earth_distance(ll_to_earth($1, $2), ll_to_earth(f.lat, f.lon)) / 1000 AS km
         FROM facilities f
        WHERE f.lat IS NOT NULL
          AND earth_box(ll_to_earth($1, $2), $3) @> ll_to_earth(f.lat, f.lon)
          AND earth_distance(ll_to_earth($1, $2), ll_to_earth(f.lat, f.lon)) <= $3
        ORDER BY km, f.id
        LIMIT $4`,
      [point.lat, point.lon, radiusKm * 1000, limit],
    );
    return rows.map((r) => ({ id: r.id, km: Number(r.km), status: r.facility_status }));
  }

  // Active facilities in range that can make at least one of the requirements (split mode).
  async partialMakers(point: { lat: number; lon: number }, radiusKm: number, requirements: readonly Requirement[], limit: number): Promise<Array<{ id: string; km: number }>> {
    const params: unknown[] = [point.lat, point.lon, radiusKm * 1000];
    const any = requirements.map((r) => capabilityClause(r, params)).join(' OR ');
    params.push(limit);
    const rows: Array<{ id: string; km: number }> = await this.dataSource.query(
      `SELECT f.id, earth_distance(ll_to_earth($1, $2), ll_to_earth(f.lat, f.lon)) / 1000 AS km
         FROM facilities f
        WHERE f.lat IS NOT NULL AND f.facility_status = 'ACTIVE'
          AND earth_box(ll_to_earth($1, $2), $3) @> ll_to_earth(f.lat, f.lon)
          AND earth_distance(ll_to_earth($1, $2), ll_to_earth(f.lat, f.lon)) <= $3
          ${any ? `AND (${any})` : ''}
        ORDER BY km, f.id
        LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({ id: r.id, km: Number(r.km) }));
  }
}
