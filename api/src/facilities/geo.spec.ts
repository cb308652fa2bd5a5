import { EARTHDISTANCE_RADIUS_KM, earthdistanceMetres, greatCircleKm, MEAN_EARTH_RADIUS_KM } from './geo.js';

describe('distances on the mean Earth radius', () => {
  it('measures great circles on the IUGG mean sphere', () => {
    // A quarter of a meridian, and one degree along the equator (across the antimeridian).
    expect(greatCircleKm({ lat: 0, lon: 0 }, { lat: 90, lon: 0 })).toBeCloseTo((Math.PI / 2) * 6371.0088, 6);
    expect(greatCircleKm({ lat: 0, lon: 179.5 }, { lat: 0, lon: -179.5 })).toBeCloseTo((Math.PI / 180) * 6371.0088, 6);
    expect(greatCircleKm({ lat: 51.5, lon: -0.12 }, { lat: 48.86, lon: 2.35 })).toBeCloseTo(342.2, 1);
  });

  it('hands earthdistance the radius on its own sphere, so the same central angle bounds the search', () => {
    expect(earthdistanceMetres(2000) / 1000 / EARTHDISTANCE_RADIUS_KM).toBeCloseTo(2000 / MEAN_EARTH_RADIUS_KM, 12);
    expect(earthdistanceMetres(2000)).toBeGreaterThan(2_000_000);
  });
});
