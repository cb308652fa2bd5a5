import { projectPath } from '../paths.js';
import { writtenTables } from '../sql-writes.js';
import { tableOwners } from '../table-owners.js';

// The Kysely builder methods that start a write, and take the written table first.
const KYSELY_WRITES = new Set(['insertInto', 'replaceInto', 'updateTable', 'deleteFrom', 'mergeInto']);

// Migrations and the database module create and evolve every table.
const EXEMPT = ['api/src/database/'];

// The module a file belongs to: api/src/<module>/…; anything else (apps, top-level files) owns no table.
const moduleOf = (path) => /^api\/src\/([^/]+)\//.exec(path)?.[1] ?? null;

const findVariable = (scope, name) => {
  for (let s = scope; s; s = s.upper) {
    const v = s.set.get(name);
    if (v) return v;
  }
  return undefined;
};

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: {
      description:
        "Every table has one owning module (api/src/<module>/<module>.tables.ts). SQL passed to query(), or a Kysely insertInto/updateTable/deleteFrom/mergeInto, that writes another module's table fails: go through the owner's repository or service in the same unit of work.",
    },
    schema: [
      {
        type: 'object',
        properties: { owners: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } } },
        additionalProperties: false,
      },
    ],
    messages: {
      foreign: "writes {{table}}, which module '{{owner}}' owns; go through its repository or service",
      unowned: 'writes {{table}}, which no module owns; list it in its module’s <module>.tables.ts',
    },
  },
  create(context) {
    const path = projectPath(context);
    if (EXEMPT.some((prefix) => path.startsWith(prefix))) return {};
    const own = moduleOf(path);
    const given = context.options[0]?.owners;
    const owners = given ? new Map(Object.entries(given).flatMap(([m, tables]) => tables.map((t) => [t, m]))) : tableOwners(context.cwd);
    const sourceCode = context.sourceCode;

    // The statically known text of a SQL argument; `?` stands for what is not known.
    const text = (node, depth = 0) => {
      if (!node || depth > 8) return ' ? ';
      switch (node.type) {
        case 'Literal':
          return typeof node.value === 'string' ? node.value : ' ? ';
        case 'TemplateLiteral':
          return node.quasis
            .map((q, i) => q.value.cooked + (i < node.expressions.length ? ` ${text(node.expressions[i], depth + 1)} ` : ''))
            .join('');
        case 'BinaryExpression':
          return node.operator === '+' ? text(node.left, depth + 1) + text(node.right, depth + 1) : ' ? ';
        case 'ConditionalExpression':
          return `${text(node.consequent, depth + 1)} ; ${text(node.alternate, depth + 1)}`;
        case 'TSAsExpression':
        case 'TSNonNullExpression':
        case 'TSSatisfiesExpression':
          return text(node.expression, depth + 1);
        case 'Identifier': {
          const def = findVariable(sourceCode.getScope(node), node.name)?.defs.find(
            (d) => d.type === 'Variable' && d.parent.kind === 'const' && d.node.init,
          );
          return def ? text(def.node.init, depth + 1) : ' ? ';
        }
        default:
          return ' ? ';
      }
    };

    const report = (node, table) => {
      const owner = owners.get(table);
      if (owner !== own) context.report({ node, messageId: owner ? 'foreign' : 'unowned', data: { table, owner } });
    };

    return {
      CallExpression(node) {
        const callee = node.callee;
        // Typed SQL (Kysely): db.insertInto('t'), db.updateTable('t as x'), db.deleteFrom('t'), db.mergeInto('t').
        if (
          callee.type === 'MemberExpression' &&
          !callee.computed &&
          callee.property.type === 'Identifier' &&
          KYSELY_WRITES.has(callee.property.name)
        ) {
          const target = node.arguments[0];
          if (target?.type === 'Literal' && typeof target.value === 'string') report(target, target.value.trim().split(/\s+/)[0]);
          return;
        }
        const isQuery =
          (callee.type === 'Identifier' && callee.name === 'query') ||
          (callee.type === 'MemberExpression' &&
            !callee.computed &&
            callee.property.type === 'Identifier' &&
            callee.property.name === 'query');
        const sql = node.arguments[0];
        if (!isQuery || !sql) return;
        for (const table of writtenTables(text(sql))) report(sql, table);
      },
    };
  },
};
