// One sphere for every distance: the IUGG mean Earth radius (R1 = 6,371.0088 km), which is what
// great-circle distances on a sphere approximate best on average (the error against the WGS 84
// ellipsoid stays within about 0.5 %). Postgres earthdistance works on its own sphere, earth() =
// 6,378,168 m: ll_to_earth places points on it, and the GiST index on ll_to_earth(lat, lon) holds
// those points. Redefining earth() would change every indexed value (and the extension owns the
// function), so the SQL keeps earth()'s sphere and scales instead: a great-circle distance is the
// central angle times the radius, so a distance on earth()'s sphere times MEAN / EARTHDISTANCE is
// the distance on the mean sphere, and a radius on the mean sphere divided by it is the radius to
// hand earth_box and earth_distance. The index stays usable: only the constants change.
export const MEAN_EARTH_RADIUS_KM = 6371.0088;
export const EARTHDISTANCE_RADIUS_KM = 6378.168;
export const EARTHDISTANCE_SCALE = MEAN_EARTH_RADIUS_KM / EARTHDISTANCE_RADIUS_KM;

// Metres on earth()'s sphere for `km` on the mean sphere (what earth_box and earth_distance take).
export const earthdistanceMetres = (km: number): number => (km * 1000) / EARTHDISTANCE_SCALE;

// SQL for the mean-sphere kilometres between two ll_to_earth points.
export const kmSql = (a: string, b: string): string => `(earth_distance(${a}, ${b}) * ${EARTHDISTANCE_SCALE} / 1000)`;

export interface LatLon {
  lat: number;
  lon: number;
}

// Haversine on the mean sphere: the same figure as kmSql to well under a metre.
export function greatCircleKm(a: LatLon, b: LatLon): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * MEAN_EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
