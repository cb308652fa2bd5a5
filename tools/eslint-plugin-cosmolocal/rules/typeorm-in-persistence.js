import { importVisitors, projectPath } from '../paths.js';

const mayUseOrm = (path) => /\.(repository|entity)\.ts$/.test(path) || path.startsWith('api/src/database/');

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'TypeORM is imported only by repositories, entities and the database module; services never see it.' },
    schema: [],
    messages: { orm: 'imports {{source}}; only repositories (*.repository.ts), entities (*.entity.ts) and api/src/database may' },
  },
  create(context) {
    if (mayUseOrm(projectPath(context))) return {};
    return importVisitors((node, source) => {
      if (source === 'typeorm' || source.startsWith('typeorm/')) context.report({ node, messageId: 'orm', data: { source } });
    });
  },
};
