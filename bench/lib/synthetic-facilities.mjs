// Synthetic facilities that follow the real directories in ../shared/data:
// - places: a real fab lab (fablabs.io, with coordinates) drawn at random, then a Gaussian
//   offset of ~15 km, so facilities cluster where real labs cluster;
// - processes: the capability set of that same real lab (capability frequencies as in the
//   directory); labs listing none get machine classes drawn by their frequency in the
//   machines inventory;
// - machines per facility: drawn from the real machines-per-lab distribution.
// Materials, build volumes and tolerance classes (which the directories do not record)
// are drawn from common machine specifications.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

const DATA = new URL('../../../shared/data/facilities-iopa-okw/', import.meta.url);
const CAPABILITY = {
  three_d_printing: 'THREE_D_PRINTING',
  cnc_milling: 'CNC_MILLING',
  laser: 'LASER_CUTTING',
  precision_milling: 'PRECISION_MILLING',
  vinyl_cutting: 'VINYL_CUTTING',
  circuit_production: 'PCB_FABRICATION',
};
const MACHINE = {
  three_d_printer: 'THREE_D_PRINTING',
  cnc_milling: 'CNC_MILLING',
  laser: 'LASER_CUTTING',
  precision_milling: 'PRECISION_MILLING',
  vinyl_cutting: 'VINYL_CUTTING',
  circuit_production: 'PCB_FABRICATION',
};
const SPEC = {
  THREE_D_PRINTING: {
    materials: [
      ['pla', 0.9],
      ['petg', 0.5],
      ['abs', 0.3],
      ['tpu', 0.15],
    ],
    volumes: [
      [250, 210, 210],
      [220, 220, 250],
      [300, 300, 400],
      [180, 180, 180],
    ],
    tolerance: [
      ['m', 0.3],
      ['c', 0.2],
    ],
  },
  LASER_CUTTING: {
    materials: [
      ['plywood', 0.85],
      ['acrylic', 0.8],
      ['mdf', 0.6],
      ['cardboard', 0.4],
    ],
    volumes: [
      [600, 400, 20],
      [1000, 600, 30],
      [1300, 900, 50],
    ],
    tolerance: [
      ['m', 0.4],
      ['c', 0.3],
    ],
  },
  CNC_MILLING: {
    materials: [
      ['plywood', 0.8],
      ['mdf', 0.6],
      ['hdpe', 0.3],
      ['aluminium', 0.2],
    ],
    volumes: [
      [2440, 1220, 150],
      [1200, 600, 100],
      [600, 400, 80],
    ],
    tolerance: [
      ['f', 0.3],
      ['m', 0.5],
    ],
  },
  PRECISION_MILLING: {
    materials: [
      ['fr4', 0.8],
      ['wax', 0.4],
      ['aluminium', 0.2],
    ],
    volumes: [
      [200, 150, 60],
      [300, 200, 80],
    ],
    tolerance: [
      ['f', 0.5],
      ['m', 0.4],
    ],
  },
  VINYL_CUTTING: {
    materials: [
      ['vinyl', 0.95],
      ['paper', 0.3],
    ],
    volumes: [
      [600, 10000, 1],
      [1300, 10000, 1],
    ],
    tolerance: [['c', 0.3]],
  },
  PCB_FABRICATION: { materials: [['fr4', 0.9]], volumes: [[300, 200, 2]], tolerance: [['m', 0.5]] },
};

// A small fast PRNG so a run is reproducible from its seed.
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function loadDistributions() {
  const labs = parse(readFileSync(new URL('fablabs_active_2023.csv', DATA)), { columns: true, skip_empty_lines: true, relax_quotes: true })
    .map((r) => ({
      lat: Number(r.latitude),
      lon: Number(r.longitude),
      processes: [...(r.capabilities ?? '').matchAll(/'([^']+)'/g)].map((m) => CAPABILITY[m[1]]).filter(Boolean),
    }))
    .filter((l) => Number.isFinite(l.lat) && Number.isFinite(l.lon) && Math.abs(l.lat) <= 90 && (l.lat !== 0 || l.lon !== 0));
  const machines = parse(readFileSync(new URL('fablabs_machines_2023.csv', DATA)), {
    columns: true,
    skip_empty_lines: true,
    relax_quotes: true,
  });
  const perLab = new Map();
  const classes = [];
  for (const m of machines) {
    if (!MACHINE[m.class_1]) continue;
    classes.push(MACHINE[m.class_1]);
    perLab.set(m.lab, (perLab.get(m.lab) ?? 0) + 1);
  }
  return { labs, machinesPerLab: [...perLab.values()], machineClasses: classes };
}

function gaussian(rand) {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

export function makeGenerator(dist, seed = 42, spreadKm = 15) {
  const rand = rng(seed);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  return function next() {
    const lab = pick(dist.labs);
    const lat = Math.max(-89.9, Math.min(89.9, lab.lat + (gaussian(rand) * spreadKm) / 111.32));
    let lon = lab.lon + (gaussian(rand) * spreadKm) / (111.32 * Math.max(0.05, Math.cos((lat * Math.PI) / 180)));
    lon = ((((lon + 180) % 360) + 360) % 360) - 180;
    const processes = lab.processes.length
      ? lab.processes
      : [...new Set(Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(dist.machineClasses)))];
    const machines = Math.max(processes.length, pick(dist.machinesPerLab));
    const equipment = [];
    for (let i = 0; i < machines; i++) {
      const process = i < processes.length ? processes[i] : pick(processes);
      const spec = SPEC[process];
      const volume = pick(spec.volumes);
      let tolerance = null;
      let acc = 0;
      const r = rand();
      for (const [cls, p] of spec.tolerance) if (tolerance === null && r < (acc += p)) tolerance = cls;
      equipment.push({
        process,
        materials: spec.materials.filter(([, p]) => rand() < p).map(([m]) => m),
        x: volume[0],
        y: volume[1],
        z: volume[2],
        tolerance,
      });
    }
    const v = rand();
    return {
      lat,
      lon,
      status: rand() < 0.95 ? 'ACTIVE' : 'TEMPORARILY_CLOSED',
      verification: v < 0.02 ? 'VERIFIED' : v < 0.12 ? 'PEER_ATTESTED' : 'SELF_ASSERTED',
      kind: rand() < 0.3 ? 'COOPERATIVE' : 'MAKERSPACE',
      capacity: 20 + Math.floor(rand() * 100),
      equipment,
    };
  };
}
