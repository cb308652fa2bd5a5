import type { DesignVersion } from '../designs.types.js';
import { PROCESSES } from '../process-taxonomy.js';
import { IT_GRADE_OF_CLASS } from './okh-dimensions.js';
import { formatManifest, type ManifestFormat } from './okh-format.js';

// OKH TsDC codes for the processes that have one.
const TSDC = new Map(
  PROCESSES.flatMap((p) => {
    const code = p.aliases.find((a) => /^[A-Z0-9]{3}(-[A-Z]{3})?$/.test(a) && !/^(ASM|VIN)$/.test(a));
    return code ? [[p.code, code] as const] : [];
  }),
);
const WIKIPEDIA = new Map(PROCESSES.map((p) => [p.code, p.wikipedia]));

const clean = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)));

// TOML and JSON: OKH-LOSH. YAML: OKH v1 (which keeps hardware, documentation and software licences apart).
export function exportOkh(version: DesignVersion, format: ManifestFormat): string {
  const m = version.manifest;
  if (format === 'YAML') {
    return formatManifest(
      clean({
        title: m.name,
        description: m.function,
        version: m.version,
        'okh-manifest-version': '1.0.0',
        license: clean({ hardware: m.license.hardware, documentation: m.license.documentation, software: m.license.software }),
        licensor: { name: m.licensor },
        'project-link': `ipfs://${m.root}`,
        'documentation-language': m.documentationLanguage,
        'date-created': m.publishedAt.slice(0, 10),
      }),
      'YAML',
    );
  }
  return formatManifest(
    clean({
      okhv: '2.4',
      name: m.name,
      repo: `ipfs://${m.root}`,
      version: m.version,
      license: m.license.hardware,
      licensor: m.licensor,
      function: m.function,
      'documentation-language': m.documentationLanguage,
      'technology-readiness-level': m.technologyReadinessLevel,
      'documentation-readiness-level': m.documentationReadinessLevel,
      part: m.parts.map((p) =>
        clean({
          name: p.name,
          material: p.material,
          tsdc: p.process ? TSDC.get(p.process) : undefined,
          'manufacturing-process': p.process && !TSDC.has(p.process) ? WIKIPEDIA.get(p.process) : undefined,
          mass: p.massGrams,
          'outer-dimensions': p.outerDimensionsMm && {
            width: p.outerDimensionsMm.x,
            depth: p.outerDimensionsMm.y,
            height: p.outerDimensionsMm.z,
            unit: 'mm',
          },
          // The class as the IT grade it stands for (okh-dimensions.ts), which imports back as the same class.
          'smallest-tolerance-class': p.toleranceClass ? `IT${IT_GRADE_OF_CLASS[p.toleranceClass]}` : undefined,
        }),
      ),
    }),
    format,
  );
}
