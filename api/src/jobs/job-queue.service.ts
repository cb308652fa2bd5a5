import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { contextToCarry } from '../common/logging/request-context.js';
import { QueueName, type JobPayloads } from './queues.js';

// Job states in which a job will still run without help (an active one only while a worker holds it).
const UNDER_WAY = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children']);

// Delay, and tries with exponential backoff when not the queues' defaults.
export interface EnqueueOptions {
  delayMs?: number;
  attempts?: number;
  backoffMs?: number;
}

// Typed enqueueing: the payload type follows from the queue name, and every job
// carries a deterministic id so a repeated enqueue is a no-op.
@Injectable()
export class JobQueue {
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    @InjectQueue(QueueName.DomainEvents) domainEvents: Queue,
    @InjectQueue(QueueName.ClaimExpiry) claimExpiry: Queue,
    @InjectQueue(QueueName.Anchoring) anchoring: Queue,
    @InjectQueue(QueueName.CeramicPublish) ceramicPublish: Queue,
    @InjectQueue(QueueName.Rewards) rewards: Queue,
    @InjectQueue(QueueName.Sweeps) sweeps: Queue,
    @InjectQueue(QueueName.Governance) governance: Queue,
    @InjectQueue(QueueName.FederationDelivery) federationDelivery: Queue,
    @InjectQueue(QueueName.FederationInbound) federationInbound: Queue,
  ) {
    this.queues = {
      [QueueName.DomainEvents]: domainEvents,
      [QueueName.ClaimExpiry]: claimExpiry,
      [QueueName.Anchoring]: anchoring,
      [QueueName.CeramicPublish]: ceramicPublish,
      [QueueName.Rewards]: rewards,
      [QueueName.Sweeps]: sweeps,
      [QueueName.Governance]: governance,
      [QueueName.FederationDelivery]: federationDelivery,
      [QueueName.FederationInbound]: federationInbound,
    };
  }

  async enqueue<Q extends QueueName>(
    queue: Q,
    name: string,
    payload: JobPayloads[Q],
    jobId: string,
    options: EnqueueOptions = {},
  ): Promise<void> {
    // A job started inside a request or another job carries its context (a domain event already
    // carries the one stored with its outbox row), so the worker's log lines join the request's.
    const context = (payload as { context?: unknown }).context === undefined ? contextToCarry() : undefined;
    const data = context ? { ...payload, context } : payload;
    await this.queues[queue].add(name, data, {
      jobId,
      delay: options.delayMs && options.delayMs > 0 ? Math.ceil(options.delayMs) : undefined,
      ...(options.attempts && { attempts: options.attempts }),
      ...(options.backoffMs && { backoff: { type: 'exponential', delay: options.backoffMs } }),
    });
  }

  // For a job that should be pending (work not done yet, its job possibly lost with Redis): leaves
  // one that waits or that a worker runs, retries one that failed, and adds it again under its id
  // when Redis has none, or one that finished, or an orphan left when Redis lost its data under a
  // running worker: a job hash in no list (adding over it would do nothing), or an active job no
  // worker holds a lock on (BullMQ's stall check would free it only much later). Only for
  // idempotent jobs: a finished one runs again.
  async ensure<Q extends QueueName>(
    queue: Q,
    name: string,
    payload: JobPayloads[Q],
    jobId: string,
    options: EnqueueOptions = {},
  ): Promise<'under-way' | 'retried' | 'added'> {
    const q = this.queues[queue];
    const job = await q.getJob(jobId);
    const state = job ? await job.getState() : 'missing';
    if (UNDER_WAY.has(state)) return 'under-way';
    // Queue.remove refuses a locked job: an active job it removes was held by no one.
    if (state === 'active' && !(await q.remove(jobId))) return 'under-way';
    if (state === 'failed') {
      await job!.retry('failed');
      return 'retried';
    }
    if (job && state !== 'active') await q.remove(jobId);
    await this.enqueue(queue, name, payload, jobId, options);
    return 'added';
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }

  // A real round trip to Redis.
  async ping(): Promise<{ waiting: number }> {
    const counts = await this.queues[QueueName.DomainEvents].getJobCounts('waiting');
    return { waiting: counts.waiting ?? 0 };
  }
}
