import { createRequire } from 'node:module';
import { InvalidInputError } from '../../common/errors/domain-error.js';

// The TOML and YAML libraries are loaded by the first manifest read or written in that format.
const require = createRequire(import.meta.url);
let toml: typeof import('smol-toml') | undefined;
let yaml: typeof import('yaml') | undefined;
const tomlLib = () => (toml ??= require('smol-toml') as typeof import('smol-toml'));
const yamlLib = () => (yaml ??= require('yaml') as typeof import('yaml'));

export const MANIFEST_FORMATS = ['TOML', 'YAML', 'JSON'] as const;
export type ManifestFormat = (typeof MANIFEST_FORMATS)[number];

// Text → plain object, with the parser's own line/column message when it fails.
export function parseManifestText(content: string, format: ManifestFormat): Record<string, unknown> {
  let value: unknown;
  try {
    value =
      format === 'TOML'
        ? tomlLib().parse(content)
        : format === 'YAML'
          ? yamlLib().parse(content, { uniqueKeys: false, logLevel: 'error' })
          : JSON.parse(content);
  } catch (err) {
    const reason = (err as Error).message.split('\n')[0];
    throw new InvalidInputError('content', `The manifest is not valid ${format}: ${reason}`, 'MALFORMED_MANIFEST');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidInputError('content', `The manifest must be a ${format} table/mapping at the top level.`, 'MALFORMED_MANIFEST');
  }
  // TOML dates and similar become plain JSON values, as the schemas expect.
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

export function formatManifest(value: Record<string, unknown>, format: ManifestFormat): string {
  if (format === 'TOML') return tomlLib().stringify(value) + '\n';
  if (format === 'YAML') return yamlLib().stringify(value, { lineWidth: 0 });
  return JSON.stringify(value, null, 2) + '\n';
}
