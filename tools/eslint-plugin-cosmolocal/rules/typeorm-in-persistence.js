import { importVisitors, projectPath } from '../paths.js';

// Repositories run typed SQL through database/sql.ts; TypeORM is the pool and the migration runner.
const mayUseOrm = (path) => path.startsWith('api/src/database/');

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'TypeORM is imported only by the database module (the pool and the migrations); repositories use its typed SQL.' },
    schema: [],
    messages: { orm: 'imports {{source}}; only api/src/database may (repositories run typed SQL through database/sql.ts)' },
  },
  create(context) {
    if (mayUseOrm(projectPath(context))) return {};
    return importVisitors((node, source) => {
      if (source === 'typeorm' || source.startsWith('typeorm/')) context.report({ node, messageId: 'orm', data: { source } });
    });
  },
};
