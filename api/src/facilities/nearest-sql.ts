// Facilities within $3 metres of ($1 lat, $2 lon), nearest first, as SQL text for repositories.
// earth_box uses the GiST index on ll_to_earth(lat, lon) and earth_distance keeps the exact
// circle (right across the antimeridian and at the poles: both work on points in 3-D space).
// The order comes from the same index (cube's <-> is chord distance, monotonic in great-circle
// distance), so the scan stops at the limit; equal distances then come back in id order.
// Filters should be cheap row checks or scalar subqueries: an EXISTS would be planned as a
// semi-join over the whole search box.
export function nearestFacilitiesSql(o: { columns: string; filters: string[]; limit: string }): string {
  return `SELECT * FROM (
      SELECT ${o.columns}, earth_distance(ll_to_earth($1, $2), ll_to_earth(f.lat, f.lon)) / 1000 AS km
        FROM facilities f
       WHERE f.lat IS NOT NULL
         AND earth_box(ll_to_earth($1, $2), $3::float8) @> ll_to_earth(f.lat, f.lon)
         AND earth_distance(ll_to_earth($1, $2), ll_to_earth(f.lat, f.lon)) <= $3::float8
         ${o.filters.map((f) => `AND ${f}`).join('\n         ')}
       ORDER BY ll_to_earth(f.lat, f.lon) <-> ll_to_earth($1, $2)
       LIMIT ${o.limit}) near
    ORDER BY km, id`;
}
