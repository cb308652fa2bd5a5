import type { Type } from '@nestjs/common';
import { ALL_QUEUES } from '../../../api/src/jobs/queues.js';
import { runJobsInTheirContext } from '../../../api/src/observability/job-context.js';
import { AnchoringProcessor } from './anchoring.processor.js';
import { CeramicPublishProcessor } from './ceramic-publish.processor.js';
import { ClaimExpiryProcessor } from './claim-expiry.processor.js';
import { DomainEventsProcessor } from './domain-events.processor.js';
import { FederationDeliveryProcessor, FederationInboundProcessor } from './federation.processors.js';
import { GovernanceProcessor } from './governance.processor.js';
import { RewardsProcessor } from './rewards.processor.js';
import { SweepsProcessor } from './sweeps.processor.js';

// One processor per queue.
export const PROCESSORS = [
  DomainEventsProcessor,
  ClaimExpiryProcessor,
  AnchoringProcessor,
  CeramicPublishProcessor,
  RewardsProcessor,
  SweepsProcessor,
  GovernanceProcessor,
  FederationDeliveryProcessor,
  FederationInboundProcessor,
];
// Each job runs in the request context it carries (its log lines carry the request id).
runJobsInTheirContext(PROCESSORS);

const PROCESSOR_METADATA = 'bullmq:processor_metadata';

// Refuse to boot when a queue has no processor or two (a job would never run, or run twice).
export function assertOneProcessorPerQueue(processors: readonly Type[] = PROCESSORS): void {
  const counts = new Map<string, number>(ALL_QUEUES.map((q) => [q, 0]));
  for (const p of processors) {
    const name = (Reflect.getMetadata(PROCESSOR_METADATA, p) as { name?: string } | undefined)?.name;
    if (!name || !counts.has(name)) throw new Error(`${p.name} processes an unknown queue "${name}"`);
    counts.set(name, counts.get(name)! + 1);
  }
  for (const [queue, n] of counts) {
    if (n !== 1) throw new Error(`Queue "${queue}" has ${n} processors; it needs exactly one.`);
  }
}
