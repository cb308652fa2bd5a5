import { Injectable } from '@nestjs/common';
import type { Selectable } from 'kysely';
import { calendarFromJson, type CalendarJson } from '../calendar/calendar-sql.js';
import type { MachineCalendar } from '../calendar/calendar.types.js';
import { prepared, Sql, sqlText, type DB } from '../database/sql.js';
import { facilityFromRaw, toEquipment, type FacilityRow } from '../facilities/facility-rows.js';
import { earthdistanceMetres } from '../facilities/geo.js';
import { nearestFacilitiesSql } from '../facilities/nearest-sql.js';
import type { Equipment, Facility } from '../facilities/facilities.types.js';
import { buildMatchQuery, capabilityClause, type MatchQueryArgs } from './match-query.js';
import type { Requirement } from './requirements.js';
import { countsFromRow, policyFromRow, type CountColumns, type PolicyColumns } from './reliability/reliability-sql.js';
import { reliabilityOf, type FacilityReliability } from './reliability/reliability.js';

export interface MatchRow {
  id: string;
  facility: Facility;
  km: number;
  load: number;
  verificationLevel: string;
  cooperative: boolean;
  reliability: FacilityReliability;
  score: number;
  // How many facilities the ranking holds (every page of it).
  total: number;
  calendar?: MachineCalendar | null; // asked for with calendarsSince
  equipment?: Array<Equipment & { facilityId: string }>; // asked for with withEquipment
}

// What the generated statements return: facilities rows (f.*) with the distance in km (float8),
// and for a match the load (float8), whether the organization is a cooperative, and the score.
type NearRow = FacilityRow & { km: number };
type ScoredRow = NearRow &
  CountColumns &
  PolicyColumns & {
    load: number;
    cooperative: boolean;
    score: number;
    total: string;
    calendar?: CalendarJson | null;
    equipment?: Array<Selectable<DB['facility_equipment']>>;
  };

@Injectable()
export class MatchingRepository {
  constructor(private readonly sql: Sql) {}

  async match(args: MatchQueryArgs): Promise<MatchRow[]> {
    const { text, params } = buildMatchQuery(args);
    // Prepared: planning this many-CTE statement took longer than running it (~5 ms against ~3.5 ms
    // at 10k facilities); a prepared statement is planned once per connection and text, and its
    // generic plan is the same nearest-first index scan whatever the place and radius.
    const rows = await this.sql.all(prepared(sqlText<ScoredRow>(text, params)));
    return rows.map((r) => ({
      id: r.id,
      facility: facilityFromRaw(r),
      km: Number(r.km),
      load: Number(r.load),
      verificationLevel: r.verification_level,
      cooperative: r.cooperative,
      reliability: reliabilityOf(countsFromRow(r), policyFromRow(r)),
      score: Number(r.score),
      total: Number(r.total),
      ...(args.calendarsSince ? { calendar: calendarFromJson(r.id, r.calendar ?? null) } : {}),
      ...(args.withEquipment ? { equipment: (r.equipment ?? []).map(toEquipment) } : {}),
    }));
  }

  // The nearest facilities of any status and capability, for explaining exclusions.
  async nearest(point: { lat: number; lon: number }, radiusKm: number, limit: number): Promise<Array<{ facility: Facility; km: number }>> {
    const rows = await this.sql.all(
      sqlText<NearRow>(nearestFacilitiesSql({ columns: 'f.*', filters: [], limit: '$4' }), [
        point.lat,
        point.lon,
        earthdistanceMetres(radiusKm),
        limit,
      ]),
    );
    return rows.map((r) => ({ facility: facilityFromRaw(r), km: Number(r.km) }));
  }

  // Active facilities in range that can make at least one of the requirements (split mode).
  async partialMakers(
    point: { lat: number; lon: number },
    radiusKm: number,
    requirements: readonly Requirement[],
    limit: number,
  ): Promise<Array<{ id: string; km: number; load: number }>> {
    const params: unknown[] = [point.lat, point.lon, earthdistanceMetres(radiusKm)];
    const probes = requirements.map((r) => capabilityClause(r, params)).join(' OR ');
    params.push([...new Set(requirements.map((r) => r.process))]);
    const any = probes ? `f.processes && $${params.length}::text[] AND (${probes})` : '';
    params.push(limit);
    const rows = await this.sql.all(
      sqlText<Pick<NearRow, 'id' | 'km'> & { load: number }>(
        nearestFacilitiesSql({
          columns: `f.id, (coalesce((SELECT sum(j.estimated_hours) FROM production_jobs j
                      WHERE j.facility_id = f.id AND j.status IN ('CLAIMED','IN_PRODUCTION')), 0) / f.capacity_hours_per_week)::float8 AS load`,
          filters: [`f.facility_status = 'ACTIVE'`, ...(any ? [`(${any})`] : [])],
          limit: `$${params.length}`,
        }),
        params,
      ),
    );
    return rows.map((r) => ({ id: r.id, km: Number(r.km), load: Number(r.load) }));
  }
}
