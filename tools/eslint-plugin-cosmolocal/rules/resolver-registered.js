import { join } from 'node:path';
import { constArrayElements } from '../const-arrays.js';

const REGISTRY = 'api/src/graphql/resolvers.ts';

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: {
      description:
        'Every resolver class is listed in RESOLVERS (api/src/graphql/resolvers.ts), which schema generation and the access-declaration check read.',
    },
    schema: [
      {
        type: 'object',
        properties: { registry: { type: 'string' }, registered: { type: 'array', items: { type: 'string' } } },
        additionalProperties: false,
      },
    ],
    messages: { missing: '{{name}} is missing from RESOLVERS in {{registry}}' },
  },
  create(context) {
    if (!context.filename.endsWith('.resolver.ts')) return {};
    const registry = context.options[0]?.registry ?? REGISTRY;
    const listed = () =>
      new Set(
        context.options[0]?.registered ??
          constArrayElements(join(context.cwd, registry), 'RESOLVERS').map((e) => (e?.type === 'Identifier' ? e.name : '')),
      );
    return {
      'ExportNamedDeclaration > ClassDeclaration'(node) {
        const name = node.id?.name;
        if (name?.endsWith('Resolver') && !listed().has(name))
          context.report({ node: node.id, messageId: 'missing', data: { name, registry } });
      },
    };
  },
};
