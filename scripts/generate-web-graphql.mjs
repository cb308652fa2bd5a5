// Regenerates web/src/graphql-env.d.ts (the typed view of schemas/schema.gql the web app's
// operations are checked against). `npm run schema:generate` runs it after writing the schema.
import { generateOutput } from '@gql.tada/cli-utils';

await generateOutput({ tsconfig: 'web/tsconfig.json', output: 'web/src/graphql-env.d.ts', silent: true });
console.log('wrote web/src/graphql-env.d.ts');
