import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { facilityFromRaw, type FacilityRow } from '../facilities/facilities.repository.js';
import { nearestFacilitiesSql } from '../facilities/nearest-sql.js';
import type { Facility } from '../facilities/facilities.types.js';
import { buildMatchQuery, capabilityClause, type MatchQueryArgs } from './match-query.js';
import type { Requirement } from './requirements.js';

export interface MatchRow {
  id: string;
  facility: Facility;
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
    const rows: Array<FacilityRow & { km: number; load: number; cooperative: boolean; score: number }> = await this.dataSource.query(
      text,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      facility: facilityFromRaw(r),
      km: Number(r.km),
      load: Number(r.load),
      verificationLevel: r.verification_level,
      cooperative: r.cooperative,
      score: Number(r.score),
    }));
  }

  // The nearest facilities of any status and capability, for explaining exclusions.
  async nearest(point: { lat: number; lon: number }, radiusKm: number, limit: number): Promise<Array<{ facility: Facility; km: number }>> {
    const rows: Array<FacilityRow & { km: number }> = await this.dataSource.query(
      nearestFacilitiesSql({ columns: 'f.*', filters: [], limit: '$4' }),
      [point.lat, point.lon, radiusKm * 1000, limit],
    );
    return rows.map((r) => ({ facility: facilityFromRaw(r), km: Number(r.km) }));
  }

  // Active facilities in range that can make at least one of the requirements (split mode).
  async partialMakers(
    point: { lat: number; lon: number },
    radiusKm: number,
    requirements: readonly Requirement[],
    limit: number,
  ): Promise<Array<{ id: string; km: number }>> {
    const params: unknown[] = [point.lat, point.lon, radiusKm * 1000];
    const probes = requirements.map((r) => capabilityClause(r, params)).join(' OR ');
    params.push([...new Set(requirements.map((r) => r.process))]);
    const any = probes ? `f.processes && $${params.length}::text[] AND (${probes})` : '';
    params.push(limit);
    const rows: Array<{ id: string; km: number }> = await this.dataSource.query(
      nearestFacilitiesSql({
        columns: 'f.id',
        filters: [`f.facility_status = 'ACTIVE'`, ...(any ? [`(${any})`] : [])],
        limit: `$${params.length}`,
      }),
      params,
    );
    return rows.map((r) => ({ id: r.id, km: Number(r.km) }));
  }
}
