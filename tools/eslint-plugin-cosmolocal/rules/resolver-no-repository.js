import { importVisitors } from '../paths.js';

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Resolvers are thin: they call one service method and never reach a repository.' },
    schema: [],
    messages: { repository: 'a resolver imports a repository ({{source}}); go through the service' },
  },
  create(context) {
    if (!context.filename.endsWith('.resolver.ts')) return {};
    return importVisitors((node, source) => {
      if (/\.repository(\.js)?$/.test(source)) context.report({ node, messageId: 'repository', data: { source } });
    });
  },
};
