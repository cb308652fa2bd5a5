// Geometry for privacy tests: where three distances put a point (trilateration), and how far
// two points are apart, on a local flat projection (errors of metres at tens of kilometres).
type Point = { lat: number; lon: number };

const KM_PER_DEG_LAT = 111.2;
const project = (origin: Point, p: Point) => ({
  x: (p.lon - origin.lon) * KM_PER_DEG_LAT * Math.cos((origin.lat * Math.PI) / 180),
  y: (p.lat - origin.lat) * KM_PER_DEG_LAT,
});

export function kmBetween(a: Point, b: Point): number {
  const q = project(a, b);
  return Math.hypot(q.x, q.y);
}

// The point at the given distances from three centres (least squares on the differences).
export function trilaterate(centres: [Point, Point, Point], distancesKm: [number, number, number]): Point {
  const origin = centres[0];
  const [p1, p2, p3] = centres.map((c) => project(origin, c)) as [
    { x: number; y: number },
    { x: number; y: number },
    { x: number; y: number },
  ];
  const [r1, r2, r3] = distancesKm;
  const a11 = 2 * (p2.x - p1.x),
    a12 = 2 * (p2.y - p1.y);
  const a21 = 2 * (p3.x - p1.x),
    a22 = 2 * (p3.y - p1.y);
  const b1 = r1 ** 2 - r2 ** 2 - p1.x ** 2 + p2.x ** 2 - p1.y ** 2 + p2.y ** 2;
  const b2 = r1 ** 2 - r3 ** 2 - p1.x ** 2 + p3.x ** 2 - p1.y ** 2 + p3.y ** 2;
  const det = a11 * a22 - a12 * a21;
  const x = (b1 * a22 - a12 * b2) / det;
  const y = (a11 * b2 - b1 * a21) / det;
  return { lat: origin.lat + y / KM_PER_DEG_LAT, lon: origin.lon + x / (KM_PER_DEG_LAT * Math.cos((origin.lat * Math.PI) / 180)) };
}
