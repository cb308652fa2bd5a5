// Cosmolocal's architecture rules, as ESLint rules (see eslint.config.js for where each applies).
import noProcessEnv from './rules/no-process-env.js';
import noRoleComparison from './rules/no-role-comparison.js';
import resolverNoRepository from './rules/resolver-no-repository.js';
import resolverRegistered from './rules/resolver-registered.js';
import tableOwnership from './rules/table-ownership.js';
import typeormInPersistence from './rules/typeorm-in-persistence.js';

/** @type {import('eslint').ESLint.Plugin} */
const plugin = {
  meta: { name: 'eslint-plugin-cosmolocal', version: '1.0.0' },
  rules: {
    'no-process-env': noProcessEnv,
    'typeorm-in-persistence': typeormInPersistence,
    'resolver-no-repository': resolverNoRepository,
    'resolver-registered': resolverRegistered,
    'table-ownership': tableOwnership,
    'no-role-comparison': noRoleComparison,
  },
};

export default plugin;
