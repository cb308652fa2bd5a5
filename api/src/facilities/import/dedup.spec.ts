import { judgeDuplicate, nameKey, nameSimilarity, websiteHost, type DedupSide } from './dedup.js';

const side = (name: string, location: { lat: number; lon: number } | null, extra: Partial<DedupSide> = {}): DedupSide => ({
  names: [name],
  location,
  country: 'ES',
  websiteHosts: [],
  ...extra,
});
const BCN = { lat: 41.3968, lon: 2.1944 };
const east = (km: number) => ({ lat: BCN.lat, lon: BCN.lon + km / (111.32 * Math.cos((BCN.lat * Math.PI) / 180)) });

describe('duplicates across directories', () => {
  it('compares names without case, accents or punctuation, and lost characters lower similarity only partly', () => {
    expect(nameKey('  Fab Lab  Barcelona!')).toBe('fab lab barcelona');
    expect(nameKey('São Paulo')).toBe(nameKey('Sao Paulo'));
    expect(nameSimilarity('Fab Lab Barcelona', 'FAB LAB barcelona')).toBe(1);
    expect(nameSimilarity('FAB LAB LIVRE SP SÃO JOAQUIM', 'FAB LAB LIVRE SP S?O JOAQUIM')).toBeGreaterThan(0.6);
    expect(nameSimilarity('BioLab Lisboa', 'FabLab Lisboa')).toBeLessThan(0.6);
    expect(nameSimilarity('Riverside Hackspace', 'Fab Lab Barcelona')).toBeLessThan(0.1);
  });

  it('takes a website host as evidence, not a directory or social page', () => {
    expect(websiteHost('https://www.FabLabBCN.org/about')).toBe('fablabbcn.org');
    expect(websiteHost('fablabbcn.org')).toBe('fablabbcn.org');
    expect(websiteHost('https://www.fablabs.io/labs/fablabbcn')).toBeNull();
    expect(websiteHost('https://www.facebook.com/fablabbcn')).toBeNull();
    expect(websiteHost('not a url')).toBeNull();
  });

  it('merges the sure, flags the unsure and keeps the rest apart', () => {
    const bcn = side('Fab Lab Barcelona', BCN);
    expect(judgeDuplicate(bcn, side('FabLab Barcelona', east(0.3))).verdict).toBe('MERGE');
    expect(judgeDuplicate(bcn, side('Fab Lab Barcelona', east(1.5))).verdict).toBe('FLAG');
    expect(judgeDuplicate(bcn, side('Fab Lab Barcelona', east(6))).verdict).toBe('DISTINCT');
    expect(judgeDuplicate(bcn, side('Barcelona Makers', east(0.2))).verdict).toBe('FLAG');
    expect(judgeDuplicate(bcn, side('Hangar', east(0.2))).verdict).toBe('DISTINCT');
    // The same website makes a nearby, differently named record the same workshop.
    const site = { websiteHosts: ['fablabbcn.org'] };
    expect(judgeDuplicate(side('IAAC Fab Lab', BCN, site), side('Fab Lab Barcelona', east(2), site)).verdict).toBe('MERGE');
    // Without two locations: the same name in the same country.
    expect(judgeDuplicate(side('Fab Lab Barcelona', null), side('Fab Lab Barcelona', null)).verdict).toBe('MERGE');
    expect(judgeDuplicate(side('Fab Lab Barcelona', null), bcn).verdict).toBe('FLAG');
    expect(judgeDuplicate(side('Fab Lab Barcelona', null), side('Fab Lab Barcelona', null, { country: 'VE' })).verdict).toBe('DISTINCT');
    expect(judgeDuplicate(bcn, side('FabLab Barcelona', east(0.3))).distanceKm).toBeCloseTo(0.3, 3);
  });
});
