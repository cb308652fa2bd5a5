import { importVisitors } from '../paths.js';

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Entities never reach the GraphQL schema; GraphQL types live in models/ and are mapped explicitly.' },
    schema: [],
    messages: { graphql: 'an entity imports {{source}}; map it to a model in models/ instead' },
  },
  create(context) {
    if (!context.filename.endsWith('.entity.ts')) return {};
    return importVisitors((node, source) => {
      if (source === '@nestjs/graphql' || source.startsWith('@nestjs/graphql/'))
        context.report({ node, messageId: 'graphql', data: { source } });
    });
  },
};
