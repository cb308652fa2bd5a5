import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { SCHEMA_FILE } from '../common/paths.js';
import { generateSchemaSdl } from './print-schema.js';

describe('schemas/schema.gql', () => {
  it('matches the code-first schema (run `npm run schema:generate` after changing the API)', async () => {
    expect(await generateSchemaSdl()).toBe(readFileSync(SCHEMA_FILE, 'utf8'));
  });
});
