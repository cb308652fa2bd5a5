// How many of the real OKH manifests (../shared/data/designs-okh) find a capable fab lab of the
// real fablabs.io directory (../shared/data/facilities-iopa-okw) within 100 km of at least one of
// twenty world cities: with the machines as the directory lists them, and with the capabilities
// the machine-kind table infers. The rules are the matching service's own (machineMeets over the
// requirements of each manifest's parts); a lab is one facility, as a match is. Reported as JSON
// and written into nothing: docs/matching.md quotes the figures.
// Usage: npm run build && node scripts/capability-coverage.mjs
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA = join(ROOT, '..', 'shared', 'data');
const dist = (p) => import(join(ROOT, 'dist', 'api', 'src', p));
const { importOkh } = await dist('designs/okh/okh-import.js');
const { fromFablabsCsv } = await dist('facilities/import/directories.js');
const { parseFacilityInput } = await dist('facilities/facility-input.js');
const { inferCapability } = await dist('facilities/machine-kinds/index.js');
const { machineMeets } = await dist('matching/capability.js');
const { requirementsOfManifest } = await dist('matching/requirements.js');
const { greatCircleKm } = await dist('facilities/facilities.service.js');

export const RADIUS_KM = 100;
export const CITIES = {
  Berlin: [52.52, 13.405],
  Paris: [48.8566, 2.3522],
  London: [51.5074, -0.1278],
  Barcelona: [41.3874, 2.1686],
  Amsterdam: [52.3676, 4.9041],
  Milan: [45.4642, 9.19],
  'New York': [40.7128, -74.006],
  Boston: [42.3601, -71.0589],
  'San Francisco': [37.7749, -122.4194],
  'Mexico City': [19.4326, -99.1332],
  'São Paulo': [-23.5505, -46.6333],
  Bogotá: [4.711, -74.0721],
  Lima: [-12.0464, -77.0428],
  Lagos: [6.5244, 3.3792],
  Nairobi: [-1.2921, 36.8219],
  'Cape Town': [-33.9249, 18.4241],
  Mumbai: [19.076, 72.8777],
  Tokyo: [35.6762, 139.6503],
  Seoul: [37.5665, 126.978],
  Sydney: [-33.8688, 151.2093],
};

const FORMATS = { '.toml': 'TOML', '.yml': 'YAML', '.yaml': 'YAML', '.json': 'JSON' };

export function readDesigns(dir = join(DATA, 'designs-okh', 'manifests')) {
  const designs = [];
  let unparsed = 0;
  for (const file of readdirSync(dir).sort()) {
    try {
      const { input } = importOkh(readFileSync(join(dir, file), 'utf8'), FORMATS[extname(file).toLowerCase()]);
      const parts = (input.parts ?? []).map((p, i) => ({ ...p, id: `p${i + 1}` }));
      designs.push({ file, title: input.title, requirements: requirementsOfManifest({ parts, bom: [] }) });
    } catch {
      unparsed++;
    }
  }
  return { designs, unparsed };
}

export function readLabs(infer, dir = join(DATA, 'facilities-iopa-okw')) {
  const records = fromFablabsCsv(
    readFileSync(join(dir, 'fablabs_active_2023.csv'), 'utf8'),
    readFileSync(join(dir, 'fablabs_machines_2023.csv'), 'utf8'),
  );
  return records.map((r) => {
    const { equipment } = parseFacilityInput({ ...r.input, organizationId: '' });
    return {
      name: r.input.name,
      location: r.input.location,
      equipment: equipment.map((e, i) => ({ ...(infer ? inferCapability(e) : e), id: `${r.sourceId}/${i}` })),
    };
  });
}

const canMakeAll = (lab, reqs) => reqs.every((r) => lab.equipment.some((e) => machineMeets(e, r)));

// Per design: the cities with a lab within the radius that makes every part (one facility), and
// those where every part is made by some lab within the radius (a split plan's makers).
export function coverage(designs, labs) {
  const near = Object.entries(CITIES).map(([city, [lat, lon]]) => ({
    city,
    labs: labs.filter((l) => l.location && greatCircleKm({ lat, lon }, l.location) <= RADIUS_KM),
  }));
  return designs.map((d) => ({
    title: d.title,
    requirements: d.requirements.length,
    oneLab: near.filter((c) => c.labs.some((l) => canMakeAll(l, d.requirements))).map((c) => c.city),
    split: near.filter((c) => d.requirements.every((r) => c.labs.some((l) => canMakeAll(l, [r])))).map((c) => c.city),
  }));
}

function summary(rows) {
  const withParts = rows.filter((r) => r.requirements > 0);
  return {
    designs: rows.length,
    designsFindingALab: rows.filter((r) => r.oneLab.length).length,
    designsWithFabricatedParts: withParts.length,
    ofThoseFindingOneLab: withParts.filter((r) => r.oneLab.length).length,
    ofThoseFindingASplit: withParts.filter((r) => r.split.length).length,
    perDesign: withParts.map((r) => ({ title: r.title, parts: r.requirements, oneLab: r.oneLab, split: r.split })),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { designs, unparsed } = readDesigns();
  const labs = { before: readLabs(false), after: readLabs(true) };
  const located = labs.before.filter((l) => l.location).length;
  const out = {
    radiusKm: RADIUS_KM,
    cities: Object.keys(CITIES),
    manifests: { parsed: designs.length, unparsed },
    labs: { total: labs.before.length, located },
    before: summary(coverage(designs, labs.before)),
    after: summary(coverage(designs, labs.after)),
  };
  process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
}
