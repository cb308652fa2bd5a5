import { projectPath } from '../paths.js';

const ROLES = new Set(['ADMIN', 'MEMBER', 'TREASURER']);
// Who may do what is decided by the access service; identity owns the memberships themselves.
const ALLOWED = ['api/src/access/', 'api/src/identity/'];

const isRole = (node) =>
  (node.type === 'Identifier' && node.name === 'role') ||
  (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier' && node.property.name === 'role');
const isRoleName = (node) => node.type === 'Literal' && typeof node.value === 'string' && ROLES.has(node.value);
const unwrap = (node) => (node.type === 'ChainExpression' || node.type === 'TSNonNullExpression' ? unwrap(node.expression) : node);

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: {
      description: 'Authorization goes through the access service: no membership role is compared by hand outside access and identity.',
    },
    schema: [],
    messages: { role: "compares a membership role ('{{role}}'); ask AccessService (api/src/access) with a permission" },
  },
  create(context) {
    const path = projectPath(context);
    if (ALLOWED.some((prefix) => path.startsWith(prefix))) return {};
    return {
      BinaryExpression(node) {
        if (!['===', '!==', '==', '!='].includes(node.operator)) return;
        const [left, right] = [unwrap(node.left), unwrap(node.right)];
        const name = isRole(left) && isRoleName(right) ? right.value : isRole(right) && isRoleName(left) ? left.value : null;
        if (name) context.report({ node, messageId: 'role', data: { role: name } });
      },
    };
  },
};
