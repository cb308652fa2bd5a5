import { loadConfigFromEnvironment } from '../api/src/config/config.js';
import { DemoModule } from '../api/src/demo/demo.module.js';
import { DemoWorldService } from '../api/src/demo/demo-world.service.js';
import { withDomainContext } from './domain-context.js';

// The demo world on purpose, whatever DEMO_SEED says; still only where the platform holds nothing else.
export async function seedDemo(): Promise<number> {
  if (loadConfigFromEnvironment().env === 'production') {
    process.stderr.write('The demo accounts’ password is public: no demo world when NODE_ENV=production.\n');
    return 1;
  }
  return withDomainContext(
    async (app) => {
      const outcome = await app.get(DemoWorldService).seedIfEmpty();
      if (!outcome.seeded) {
        process.stdout.write(`Nothing seeded: ${outcome.reason}.\n`);
        return 0;
      }
      process.stdout.write(
        `Seeded the demo world: ${outcome.designs} designs, ${outcome.organizations} organizations, ` +
          `${outcome.facilities} facilities, production request ${outcome.requestId}.\n` +
          `Sign in with the password "${outcome.password}" as:\n${outcome.accounts.map((a) => `  ${a.email}  ${a.name}: ${a.about}`).join('\n')}\n` +
          'Contribution records are signed once the worker runs (npm start).\n',
      );
      return 0;
    },
    [DemoModule],
  );
}
