import { join } from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import plugin from './index.js';

// Files are named from the project root, as ESLint sees them when run from there.
const at = (path: string) => join(process.cwd(), path);
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' } });
const rule = (name: string) => plugin.rules[name]!;

tester.run('no-process-env', rule('no-process-env'), {
  valid: [
    { filename: at('api/src/config/config.ts'), code: 'export const port = Number(process.env.PORT ?? 4000);' },
    {
      filename: at('api/src/designs/designs.service.ts'),
      code: 'export const port = (config: { port: number }) => config.port; process.exitCode = 0;',
    },
  ],
  invalid: [
    { filename: at('api/src/designs/designs.service.ts'), code: 'const url = process.env.DATABASE_URL;', errors: [{ messageId: 'env' }] },
    { filename: at('worker/src/main.ts'), code: "const url = process['env'].REDIS_URL;", errors: [{ messageId: 'env' }] },
    { filename: at('cli/start.ts'), code: 'const { env } = process;', errors: [{ messageId: 'env' }] },
    { filename: at('cli/start.ts'), code: "import { env } from 'node:process';", errors: [{ messageId: 'env' }] },
    { filename: at('api/src/main.ts'), code: 'const port = globalThis.process.env.PORT;', errors: [{ messageId: 'env' }] },
  ],
});

tester.run('typeorm-in-persistence', rule('typeorm-in-persistence'), {
  valid: [
    { filename: at('api/src/database/data-source.ts'), code: "import { DataSource } from 'typeorm';" },
    {
      filename: at('api/src/database/migrations/1763700000100-identity.ts'),
      code: "import type { MigrationInterface, QueryRunner } from 'typeorm';",
    },
    { filename: at('api/src/designs/designs.service.ts'), code: "import { Injectable } from '@nestjs/common';" },
  ],
  invalid: [
    {
      filename: at('api/src/database/transaction.ts'),
      code: "import type { EntityManager } from 'typeorm';",
      errors: [{ messageId: 'orm' }],
    },
    { filename: at('api/src/database/sql.ts'), code: "import { QueryFailedError } from 'typeorm';", errors: [{ messageId: 'orm' }] },
    { filename: at('api/src/designs/designs.service.ts'), code: "import { DataSource } from 'typeorm';", errors: [{ messageId: 'orm' }] },
    {
      filename: at('api/src/designs/designs.repository.ts'),
      code: "import { DataSource } from 'typeorm';",
      errors: [{ messageId: 'orm' }],
    },
    { filename: at('api/src/designs/design.entity.ts'), code: "import { Column, Entity } from 'typeorm';", errors: [{ messageId: 'orm' }] },
    {
      filename: at('cli/migration.ts'),
      code: "export { DataSource } from 'typeorm/data-source/DataSource.js';",
      errors: [{ messageId: 'orm' }],
    },
    { filename: at('worker/src/main.ts'), code: "const orm = await import('typeorm');", errors: [{ messageId: 'orm' }] },
  ],
});

tester.run('resolver-no-repository', rule('resolver-no-repository'), {
  valid: [
    { filename: at('api/src/designs/designs.resolver.ts'), code: "import { DesignsService } from './designs.service.js';" },
    { filename: at('api/src/designs/designs.service.ts'), code: "import { DesignsRepository } from './designs.repository.js';" },
  ],
  invalid: [
    {
      filename: at('api/src/designs/designs.resolver.ts'),
      code: "import { DesignsRepository } from './designs.repository.js';",
      errors: [{ messageId: 'repository' }],
    },
    {
      filename: at('api/src/designs/designs.resolver.ts'),
      code: "import type { Row } from '../rewards/ledger.repository.js';",
      errors: [{ messageId: 'repository' }],
    },
  ],
});

tester.run('resolver-registered', rule('resolver-registered'), {
  valid: [
    // Read from the real registry, api/src/graphql/resolvers.ts.
    { filename: at('api/src/designs/designs.resolver.ts'), code: 'export class DesignsResolver {}' },
    { filename: at('api/src/x/x.resolver.ts'), code: 'export class XResolver {}', options: [{ registered: ['XResolver'] }] },
    { filename: at('api/src/x/x.resolver.ts'), code: 'class LocalResolver {} export class Helper {}', options: [{ registered: [] }] },
    { filename: at('api/src/x/x.service.ts'), code: 'export class UnlistedResolver {}', options: [{ registered: [] }] },
  ],
  invalid: [
    {
      filename: at('api/src/designs/designs.resolver.ts'),
      code: 'export class OrphanResolver {}',
      errors: [{ messageId: 'missing', data: { name: 'OrphanResolver', registry: 'api/src/graphql/resolvers.ts' } }],
    },
    {
      filename: at('api/src/x/x.resolver.ts'),
      code: 'export class XResolver {} export class YResolver {}',
      options: [{ registered: ['XResolver'] }],
      errors: [{ messageId: 'missing' }],
    },
  ],
});

const owners = {
  production: ['production_jobs', 'production_job_history'],
  contributions: ['contribution_records'],
  outbox: ['outbox_events'],
};
tester.run('table-ownership', rule('table-ownership'), {
  valid: [
    {
      filename: at('api/src/production/production.repository.ts'),
      code: "await m.query('UPDATE production_jobs SET status = $2 WHERE id = $1', [id, s]);",
      options: [{ owners }],
    },
    {
      filename: at('api/src/production/production.repository.ts'),
      code: 'await q.query(`WITH j AS (UPDATE production_jobs SET x = 1 RETURNING id) INSERT INTO production_job_history SELECT id FROM j`);',
      options: [{ owners }],
    },
    // Reading, or locking, another module's rows is not writing them.
    {
      filename: at('api/src/anchoring/anchoring.repository.ts'),
      code: "await this.dataSource.query('SELECT id FROM contribution_records WHERE batch_id IS NULL FOR UPDATE SKIP LOCKED');",
      options: [{ owners }],
    },
    // Migrations and the database module create and change every table.
    {
      filename: at('api/src/database/migrations/1763700000900-contributions.ts'),
      code: "await q.query('ALTER TABLE production_jobs ADD COLUMN x int');",
      options: [{ owners }],
    },
    // A table name only known at run time is not judged.
    {
      filename: at('api/src/anchoring/anchoring.repository.ts'),
      code: 'await q.query(`DELETE FROM ${table} WHERE id = $1`, [id]);',
      options: [{ owners }],
    },
    // Typed SQL on the module's own table.
    {
      filename: at('api/src/production/production.repository.ts'),
      code: "await this.sql.run(db.updateTable('production_jobs as j').set({ status: 'SETTLED' }).where('j.id', '=', id), tx);",
      options: [{ owners }],
    },
    // Not SQL handed to query().
    {
      filename: at('api/src/anchoring/anchoring.service.ts'),
      code: "log('UPDATE production_jobs SET status = 1');",
      options: [{ owners }],
    },
  ],
  invalid: [
    {
      filename: at('api/src/anchoring/anchoring.repository.ts'),
      code: "await this.sql.run(db.updateTable('contribution_records').set({ status: 'FAILED' }), tx);",
      options: [{ owners }],
      errors: [{ messageId: 'foreign', data: { table: 'contribution_records', owner: 'contributions' } }],
    },
    {
      filename: at('api/src/anchoring/anchoring.repository.ts'),
      code: "await this.sql.run(db.insertInto('ledger_entries').values({}), tx);",
      options: [{ owners }],
      errors: [{ messageId: 'unowned' }],
    },
    {
      filename: at('api/src/anchoring/anchoring.repository.ts'),
      code: "await m.query(`UPDATE contribution_records SET status = 'FAILED' WHERE batch_id = ANY($1)`, [ids]);",
      options: [{ owners }],
      errors: [{ messageId: 'foreign', data: { table: 'contribution_records', owner: 'contributions' } }],
    },
    {
      filename: at('api/src/rewards/distribution.repository.ts'),
      code: "const COLS = 'id, status'; await tx.query(`WITH job AS (UPDATE production_jobs SET status = 'SETTLED' RETURNING id) INSERT INTO contribution_records (${COLS}) SELECT id, 1 FROM job`);",
      options: [{ owners }],
      errors: [
        { messageId: 'foreign', data: { table: 'production_jobs', owner: 'production' } },
        { messageId: 'foreign', data: { table: 'contribution_records', owner: 'contributions' } },
      ],
    },
    {
      // SQL held in a constant, or put together with +, is followed.
      filename: at('api/src/rewards/distribution.repository.ts'),
      code: "const SQL = 'DELETE FROM ' + 'outbox_events WHERE id = $1'; await query(SQL, [id]);",
      options: [{ owners }],
      errors: [{ messageId: 'foreign', data: { table: 'outbox_events', owner: 'outbox' } }],
    },
    {
      filename: at('api/src/rewards/distribution.repository.ts'),
      code: 'await q.query(`TRUNCATE ledger_scratch`);',
      options: [{ owners }],
      errors: [{ messageId: 'unowned', data: { table: 'ledger_scratch' } }],
    },
    {
      // Apps own no table.
      filename: at('cli/recompute.ts'),
      code: "await ds.query('UPDATE production_jobs SET status = $1', [s]);",
      options: [{ owners }],
      errors: [{ messageId: 'foreign' }],
    },
    {
      // Read from the real map, api/src/<module>/<module>.tables.ts.
      filename: at('api/src/rewards/distribution.repository.ts'),
      code: "await q.query('INSERT INTO outbox_events (type) VALUES ($1)', [t]);",
      errors: [{ messageId: 'foreign', data: { table: 'outbox_events', owner: 'outbox' } }],
    },
  ],
});

tester.run('no-role-comparison', rule('no-role-comparison'), {
  valid: [
    { filename: at('api/src/access/policies.ts'), code: "const ok = m.role === 'ADMIN';" },
    { filename: at('api/src/identity/organizations.service.ts'), code: "if (membership?.role !== 'ADMIN') throw new Error();" },
    { filename: at('api/src/production/production.service.ts'), code: "if (job.status === 'OPEN') return;" },
  ],
  invalid: [
    {
      filename: at('api/src/production/production.service.ts'),
      code: "if ((await this.organizations.membershipOf(a, o))?.role === 'ADMIN') return;",
      errors: [{ messageId: 'role' }],
    },
    {
      filename: at('api/src/governance/treasury.service.ts'),
      code: "const t = members.filter((m) => 'TREASURER' === m.role);",
      errors: [{ messageId: 'role' }],
    },
  ],
});
