import type { INestApplicationContext } from '@nestjs/common';
import type { AppLogger } from '../common/logging/logger.js';
import { DemoWorldService } from './demo-world.service.js';

// At the API's start (DEMO_SEED): the demo world into a platform that holds nothing else, its
// sign-ins in the log once. A seed that fails is logged and the platform starts without it; the
// next start completes it.
export async function seedDemoWorldOnStart(app: INestApplicationContext, logger: AppLogger): Promise<void> {
  try {
    const outcome = await app.get(DemoWorldService).seedIfEmpty();
    if (!outcome.seeded) {
      logger.debug({ msg: 'demo world not seeded', reason: outcome.reason }, 'Demo');
      return;
    }
    logger.log(
      {
        msg: 'demo world seeded: sign in as any of these accounts with the password given (DEMO_SEED=false turns this off)',
        accounts: outcome.accounts.map((a) => `${a.email} (${a.name}: ${a.about})`),
        password: outcome.password,
        organizations: outcome.organizations,
        facilities: outcome.facilities,
        designs: outcome.designs,
        productionRequest: outcome.requestId,
      },
      'Demo',
    );
  } catch (err) {
    logger.error({ msg: 'demo world not seeded: the platform starts without it', err: String(err) }, 'Demo');
  }
}
