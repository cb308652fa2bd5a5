import { parse as parseToml, stringify as toToml } from 'smol-toml';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { InvalidInputError } from '../../common/errors/domain-error.js';

export const MANIFEST_FORMATS = ['TOML', 'YAML', 'JSON'] as const;
export type ManifestFormat = (typeof MANIFEST_FORMATS)[number];

// Text → plain object, with the parser's own line/column message when it fails.
export function parseManifestText(content: string, format: ManifestFormat): Record<string, unknown> {
  let value: unknown;
  try {
    value =
      format === 'TOML'
        ? parseToml(content)
        : format === 'YAML'
          ? parseYaml(content, { uniqueKeys: false, logLevel: 'error' })
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
  if (format === 'TOML') return toToml(value) + '\n';
  if (format === 'YAML') return toYaml(value, { lineWidth: 0 });
  return JSON.stringify(value, null, 2) + '\n';
}
