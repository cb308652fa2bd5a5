import { projectPath } from '../paths.js';

const PROCESS_MODULES = new Set(['process', 'node:process']);
const isProcess = (node) =>
  (node.type === 'Identifier' && node.name === 'process') ||
  (node.type === 'MemberExpression' &&
    node.object.type === 'Identifier' &&
    node.object.name === 'globalThis' &&
    propertyName(node) === 'process');
const propertyName = (node) => (node.computed ? (node.property.type === 'Literal' ? node.property.value : undefined) : node.property.name);

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Configuration is read once, into a validated object, by the config module; nothing else reads process.env.' },
    schema: [{ type: 'object', properties: { allow: { type: 'array', items: { type: 'string' } } }, additionalProperties: false }],
    messages: { env: 'reads process.env; only {{allowed}} may (take the value from the typed config)' },
  },
  create(context) {
    const allow = context.options[0]?.allow ?? ['api/src/config/config.ts'];
    if (allow.includes(projectPath(context))) return {};
    const report = (node) => context.report({ node, messageId: 'env', data: { allowed: allow.join(', ') } });
    return {
      MemberExpression(node) {
        if (isProcess(node.object) && propertyName(node) === 'env') report(node);
      },
      // const { env } = process
      VariableDeclarator(node) {
        if (node.init && isProcess(node.init) && node.id.type === 'ObjectPattern') {
          for (const p of node.id.properties) if (p.type === 'Property' && !p.computed && p.key.name === 'env') report(p);
        }
      },
      // import { env } from 'node:process'
      ImportDeclaration(node) {
        if (!PROCESS_MODULES.has(node.source.value)) return;
        for (const s of node.specifiers) if (s.type === 'ImportSpecifier' && (s.imported.name ?? s.imported.value) === 'env') report(s);
      },
    };
  },
};
