import { kmSql } from './geo.js';

// Facilities within a radius of ($1 lat, $2 lon), nearest first, as SQL text for repositories.
// $3 is the radius in metres on earthdistance's sphere (earthdistanceMetres in geo.ts): earth_box
// uses the GiST index on ll_to_earth(lat, lon) and earth_distance keeps the exact circle (right
// across the antimeridian and at the poles: both work on points in 3-D space); `km` is on the
// mean sphere. The order comes from the same index (cube's <-> is chord distance, monotonic in
// great-circle distance), so the scan stops at the limit; equal distances then come in id order
// (an incremental sort on top of the index order), which makes (chord, id) a key for pages:
// `after` is the parameter holding the id of the last facility of the previous page.
// Filters should be cheap row checks or scalar subqueries: an EXISTS would be planned as a
// semi-join over the whole search box.
export function nearestFacilitiesSql(o: { columns: string; filters: string[]; limit: string; after?: string }): string {
  const chord = 'll_to_earth(f.lat, f.lon) <-> ll_to_earth($1, $2)';
  const filters = [...o.filters];
  if (o.after) {
    filters.push(
      `(${chord}, f.id) > (SELECT ll_to_earth(a.lat, a.lon) <-> ll_to_earth($1, $2), a.id FROM facilities a WHERE a.id = ${o.after})`,
    );
  }
  return `SELECT * FROM (
      SELECT ${o.columns}, ${kmSql('ll_to_earth($1, $2)', 'll_to_earth(f.lat, f.lon)')} AS km, ${chord} AS chord
        FROM facilities f
       WHERE f.lat IS NOT NULL
         AND earth_box(ll_to_earth($1, $2), $3::float8) @> ll_to_earth(f.lat, f.lon)
         AND earth_distance(ll_to_earth($1, $2), ll_to_earth(f.lat, f.lon)) <= $3::float8
         ${filters.map((f) => `AND ${f}`).join('\n         ')}
       ORDER BY ${chord}, f.id
       LIMIT ${o.limit}) near
    ORDER BY chord, id`;
}
