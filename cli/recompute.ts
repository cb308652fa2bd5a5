import { RewardsModule } from '../api/src/rewards/rewards.module.js';
import { RecomputeService } from '../api/src/rewards/distribution/recompute.service.js';
import { withDomainContext } from './domain-context.js';

// `cosmolocal recompute <settlementId>`: recomputes a distribution from its policy and the signed
// records (verified from their blocks) and prints any line that differs from what was paid, and any
// entry of the settlement's ledger transaction that differs from the entries the split makes.
export async function recomputeCommand(settlementId: string, options: { json?: boolean }): Promise<number> {
  const result = await withDomainContext((app) => app.get(RecomputeService).recompute(settlementId), [RewardsModule]);
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ ...result, expected: result.expected.map((l) => ({ ...l, amountMinor: l.amountMinor.toString() })) }, null, 2)}\n`,
    );
  } else if (result.matches) {
    process.stdout.write(
      `MATCHES settlement ${settlementId}: ${result.expected.length} lines recomputed from ${result.records} signed records\n`,
    );
  } else {
    process.stdout.write(`DIFFERS settlement ${settlementId}:\n${result.differences.map((d) => `  ${d}`).join('\n')}\n`);
  }
  return result.matches ? 0 : 1;
}
