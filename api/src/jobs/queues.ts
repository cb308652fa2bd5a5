import type { JobsOptions } from 'bullmq';

// Every queue the platform uses, and the one payload type each carries.
export enum QueueName {
  DomainEvents = 'domain-events',
  ClaimExpiry = 'claim-expiry',
  Anchoring = 'anchoring',
  CeramicPublish = 'ceramic-publish',
  Rewards = 'rewards',
  Sweeps = 'sweeps',
  Governance = 'governance',
  FederationDelivery = 'federation-delivery',
  FederationInbound = 'federation-inbound',
}

// The payload of DomainEvents is the outbox's event, declared by the outbox (outbox.relay.ts),
// which owns what that queue carries.
export interface JobPayloads {
  // Reopen a production job if claim number `claimSeq` is still unstarted when its window ends.
  [QueueName.ClaimExpiry]: { jobId: string; claimSeq: number };
  // One pass of the anchoring loop (batch, send, confirm, re-check recent anchors).
  [QueueName.Anchoring]: { reason: 'schedule' | 'manual' };
  // Mirror one contribution record to the configured Ceramic node.
  [QueueName.CeramicPublish]: { recordId: string };
  // Distribute one settlement (exactly once, whatever the retries).
  [QueueName.Rewards]: { settlementId: string };
  // Periodic safety nets: work whose job was lost (e.g. Redis restored from an old snapshot) or gave up.
  [QueueName.Sweeps]: { sweep: 'every-minute' };
  // Close a proposal whose voting window has ended (and execute it if it binds), once.
  [QueueName.Governance]: { proposalId: string };
  // Sign and send one owed activity to one remote inbox (federation_deliveries).
  [QueueName.FederationDelivery]: { deliveryId: string };
  // Mirror one design version a followed remote organization published: fetch and verify its blocks, store it.
  // Or read a followed actor's outbox and take what is missing here.
  [QueueName.FederationInbound]:
    | { kind: 'design-version'; actorUrl: string; designUrl: string; versionUrl: string; cid: string; publishedAt: string }
    | { kind: 'catch-up'; actorUrl: string };
}

export const ALL_QUEUES = Object.values(QueueName);

// Bounded retention: completed jobs are kept long enough to deduplicate re-sends by
// job id, failed ones long enough to investigate.
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 50_000 },
  removeOnFail: { age: 30 * 24 * 3600, count: 50_000 },
};

export function redisConnectionOptions(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    // Required by BullMQ workers (blocking commands).
    maxRetriesPerRequest: null,
  };
}
