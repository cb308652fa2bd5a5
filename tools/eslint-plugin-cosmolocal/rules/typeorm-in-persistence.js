import { importVisitors, projectPath } from '../paths.js';

// TypeORM runs the migrations and nothing else: it is loaded only where migrations run (a worker
// thread when the API starts, the CLI, tests' set-up). Statements run on database/database.ts's
// pool through database/sql.ts, so the API's process never loads the ORM.
const mayUseOrm = (path) => path === 'api/src/database/data-source.ts' || path.startsWith('api/src/database/migrations/');

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'TypeORM is imported only by the migrations and their runner (database/data-source.ts).' },
    schema: [],
    messages: {
      orm: 'imports {{source}}; only the migrations and api/src/database/data-source.ts may (statements run through database/sql.ts)',
    },
  },
  create(context) {
    if (mayUseOrm(projectPath(context))) return {};
    return importVisitors((node, source) => {
      if (source === 'typeorm' || source.startsWith('typeorm/')) context.report({ node, messageId: 'orm', data: { source } });
    });
  },
};
