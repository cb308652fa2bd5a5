import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { InvalidInputError } from '../../common/errors/domain-error.js';
import { PROJECT_ROOT } from '../../common/paths.js';

export type OkhSpec = 'OKH-LOSH' | 'OKH-v1';

const validators = new Map<OkhSpec, ValidateFunction>();
function validator(spec: OkhSpec): ValidateFunction {
  let v = validators.get(spec);
  if (!v) {
    const file = spec === 'OKH-LOSH' ? 'okh-losh.schema.json' : 'okh-v1.schema.json';
    v = new Ajv({ allErrors: false, strict: false }).compile(JSON.parse(readFileSync(join(PROJECT_ROOT, 'schemas', file), 'utf8')));
    validators.set(spec, v);
  }
  return v;
}

// LOSH manifests carry `okhv` (early LOSH samples only `name`); OKH v1 manifests a `title`.
export function detectSpec(manifest: Record<string, unknown>): OkhSpec {
  if ('okhv' in manifest) return 'OKH-LOSH';
  if ('title' in manifest || 'okh-manifest-version' in manifest) return 'OKH-v1';
  if ('name' in manifest) return 'OKH-LOSH';
  throw new InvalidInputError(
    'content',
    'Not an OKH manifest: it has neither `okhv`/`name` (OKH-LOSH) nor `title` (OKH v1).',
    'UNKNOWN_SPEC',
  );
}

// Validates against the JSON Schema in schemas/; the error names the field path.
export function validateManifest(manifest: Record<string, unknown>, spec: OkhSpec): void {
  const validate = validator(spec);
  if (validate(manifest)) return;
  const error = validate.errors![0]!;
  const path = error.instancePath
    .replace(/^\//, '')
    .replace(/\//g, '.')
    .replace(/\.(\d+)(?=\.|$)/g, '[$1]');
  const missing = error.keyword === 'required' ? (error.params as { missingProperty: string }).missingProperty : undefined;
  const field = ['content', path, missing].filter(Boolean).join('.');
  throw new InvalidInputError(field, `${spec} manifest: ${field.replace(/^content\.?/, '') || 'manifest'} ${error.message}.`, 'SCHEMA');
}
