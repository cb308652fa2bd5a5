import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_FILE } from '../common/paths.js';
import { generateSchemaSdl } from './print-schema.js';

describe('schemas/schema.gql', () => {
  it('matches the code-first schema (run `npm run schema:generate` after changing the API)', async () => {
    expect(await generateSchemaSdl()).toBe(readFileSync(SCHEMA_FILE, 'utf8'));
  });
});

describe('web/src/graphql-env.d.ts', () => {
  it('is the typed view of schemas/schema.gql the web app is checked against (run `npm run schema:generate`)', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { PROJECT_ROOT } = await import('../common/paths.js');
    const { generateOutput } = await import('@gql.tada/cli-utils');
    const out = join(mkdtempSync(join(tmpdir(), 'cosmolocal-tada-')), 'graphql-env.d.ts');
    await generateOutput({ tsconfig: join(PROJECT_ROOT, 'web', 'tsconfig.json'), output: out, silent: true });
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(PROJECT_ROOT, 'web', 'src', 'graphql-env.d.ts'), 'utf8'));
  });
});
