// One manufacturing-process vocabulary for designs (what a part needs) and facilities
// (what a machine does). Each process names its Wikipedia article, as Open Know-Where
// does, and the spellings other vocabularies use: OKH-LOSH TsDC codes (3DP, PCB, CNC…)
// and fablabs.io capability names (three_d_printing, cnc_milling, laser…).
export interface ProcessDefinition {
  code: string;
  label: string;
  wikipedia: string;
  aliases: string[];
}

export const PROCESSES: readonly ProcessDefinition[] = [
  {
    code: 'THREE_D_PRINTING',
    label: '3D printing',
    wikipedia: 'https://en.wikipedia.org/wiki/3D_printing',
    aliases: ['3DP', 'three_d_printing', '3d printing', '3d_printing', 'additive manufacturing', 'fdm', 'fff', 'sla', 'sls'],
  },
  {
    code: 'CNC_MILLING',
    label: 'CNC milling',
    wikipedia: 'https://en.wikipedia.org/wiki/Milling_(machining)',
    aliases: ['CNC', 'cnc_milling', 'cnc milling', 'cnc machining', 'milling', 'large_format_milling'],
  },
  {
    code: 'PRECISION_MILLING',
    label: 'Precision (small-format) milling',
    wikipedia: 'https://en.wikipedia.org/wiki/Printed_circuit_board_milling',
    aliases: ['precision_milling', 'precision milling', 'pcb milling'],
  },
  {
    code: 'LASER_CUTTING',
    label: 'Laser cutting',
    wikipedia: 'https://en.wikipedia.org/wiki/Laser_cutting',
    aliases: ['LAS', 'laser', 'laser_cutting', 'laser cutting', 'laser_cutter', 'laser engraving'],
  },
  {
    code: 'PCB_FABRICATION',
    label: 'PCB fabrication',
    wikipedia: 'https://en.wikipedia.org/wiki/Printed_circuit_board',
    aliases: ['PCB', 'circuit_production', 'pcb fabrication', 'pcb manufacturing'],
  },
  {
    code: 'PCB_ASSEMBLY',
    label: 'Electronics assembly',
    wikipedia: 'https://en.wikipedia.org/wiki/Electronics_manufacturing_services',
    aliases: ['ASM-PCB', 'pcb assembly', 'soldering', 'electronics', 'electronics_assembly'],
  },
  {
    code: 'VINYL_CUTTING',
    label: 'Vinyl cutting',
    wikipedia: 'https://en.wikipedia.org/wiki/Vinyl_cutter',
    aliases: ['vinyl_cutting', 'vinyl cutting', 'vinyl_cutter', 'VIN'],
  },
  {
    code: 'MACHINING',
    label: 'Mechanical workshop (machining, turning, drilling)',
    wikipedia: 'https://en.wikipedia.org/wiki/Machining',
    aliases: ['MEC', 'mechanical', 'machining', 'turning', 'lathe', 'drilling'],
  },
  {
    code: 'SHEET_METAL',
    label: 'Sheet metal forming',
    wikipedia: 'https://en.wikipedia.org/wiki/Sheet_metal',
    aliases: ['SHM', 'sheet metal', 'sheet_metal', 'bending'],
  },
  { code: 'WELDING', label: 'Welding', wikipedia: 'https://en.wikipedia.org/wiki/Welding', aliases: ['WEL', 'welding'] },
  {
    code: 'WOODWORKING',
    label: 'Woodworking',
    wikipedia: 'https://en.wikipedia.org/wiki/Woodworking',
    aliases: ['woodworking', 'wood', 'carpentry'],
  },
  {
    code: 'SEWING',
    label: 'Sewing and textiles',
    wikipedia: 'https://en.wikipedia.org/wiki/Sewing',
    aliases: ['sewing', 'textile', 'textiles', 'embroidery'],
  },
  {
    code: 'INJECTION_MOULDING',
    label: 'Injection moulding',
    wikipedia: 'https://en.wikipedia.org/wiki/Injection_moulding',
    aliases: ['injection_molding', 'injection moulding', 'injection molding', 'moulding', 'molding'],
  },
  {
    code: 'CASTING',
    label: 'Casting',
    wikipedia: 'https://en.wikipedia.org/wiki/Casting',
    aliases: ['casting', 'resin casting', 'metal casting'],
  },
  {
    code: 'ASSEMBLY',
    label: 'Final assembly',
    wikipedia: 'https://en.wikipedia.org/wiki/Assembly_line',
    aliases: ['assembly', 'ASM', 'final assembly'],
  },
];

const key = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
const INDEX = new Map<string, ProcessDefinition>();
for (const p of PROCESSES) {
  INDEX.set(key(p.code), p);
  INDEX.set(key(p.wikipedia), p);
  for (const alias of p.aliases) INDEX.set(key(alias), p);
}

// The canonical process for a code, alias or Wikipedia URI, or undefined.
export function normalizeProcess(value: string): ProcessDefinition | undefined {
  const v = value.trim().replace(/^TsDC-/i, '');
  return INDEX.get(key(v)) ?? INDEX.get(key(v.replace(/^https?:\/\/(\w+\.)?wikipedia\.org\/wiki\//, 'https://en.wikipedia.org/wiki/')));
}
