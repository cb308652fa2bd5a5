import { Injectable, Logger } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { JobQueue } from '../jobs/job-queue.service.js';
import { ALL_QUEUES } from '../jobs/queues.js';
import { MetricsRepository } from './metrics.repository.js';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;
// GraphQL operation names come from clients: only this many distinct names get their own series.
const MAX_OPERATIONS = 200;
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
// Paths are grouped by their first segment, from this fixed list (the rest is the web app).
const ROUTE_GROUPS = new Set(['graphql', 'api', 'ipfs', 'health', 'ready', 'metrics', 'contributions', 'admin', 'openapi.json']);
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

// A bounded name for a request path: its first segment when the API owns it, else the web app.
export function routeGroup(path: string): string {
  const first = path.split('/')[1] ?? '';
  return ROUTE_GROUPS.has(first) ? `/${first}` : 'web';
}

// The platform's Prometheus series, in a registry of their own (one per API instance). Queue,
// outbox, anchoring and settlement series are read from Redis and Postgres at scrape time, so every
// API instance reports the whole platform, whichever process did the work.
@Injectable()
export class MetricsService {
  private readonly logger = new Logger(MetricsService.name);
  readonly registry = new Registry();
  private readonly operations = new Set<string>();
  private readonly http: Histogram<'method' | 'route' | 'status'>;
  private readonly graphql: Histogram<'operation' | 'type' | 'outcome'>;
  private distributed = 0;

  constructor(jobs: JobQueue, repository: MetricsRepository) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'cosmolocal_process_' });
    this.http = new Histogram({
      name: 'cosmolocal_http_request_duration_seconds',
      help: 'HTTP request latency by route group, method and status class',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.graphql = new Histogram({
      name: 'cosmolocal_graphql_operation_duration_seconds',
      help: 'GraphQL operation latency by operation name, type and outcome',
      labelNames: ['operation', 'type', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    const safely = async (what: string, fn: () => Promise<void>) => {
      // A dependency that is down leaves its series out of this scrape; the rest still answers.
      await fn().catch((err: unknown) => this.logger.warn({ msg: 'metrics collection failed', what, err: String(err) }));
    };
    new Gauge({
      name: 'cosmolocal_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        this.reset();
        await safely('queue depth', async () => {
          for (const queue of ALL_QUEUES) {
            const counts = await jobs.queue(queue).getJobCounts(...QUEUE_STATES);
            for (const state of QUEUE_STATES) this.set({ queue, state }, counts[state] ?? 0);
          }
        });
      },
    });
    new Gauge({
      name: 'cosmolocal_queue_oldest_waiting_seconds',
      help: 'Age of the oldest job waiting to run, per queue (0 when none waits)',
      labelNames: ['queue'],
      registers,
      async collect() {
        this.reset();
        await safely('queue age', async () => {
          for (const queue of ALL_QUEUES) {
            const [oldest] = await jobs.queue(queue).getJobs(['wait'], 0, 0, true);
            this.set({ queue }, oldest ? Math.max(0, (Date.now() - oldest.timestamp) / 1000) : 0);
          }
        });
      },
    });
    const outboxCount = new Gauge({
      name: 'cosmolocal_outbox_unhandled_events',
      help: 'Outbox events not yet handled by every handler',
      registers,
    });
    new Gauge({
      name: 'cosmolocal_outbox_oldest_unhandled_seconds',
      help: 'Age of the oldest outbox event not yet handled (0 when none)',
      registers,
      async collect() {
        await safely('outbox lag', async () => {
          const lag = await repository.outboxLag();
          this.set(lag.oldestSeconds);
          outboxCount.set(lag.count);
        });
      },
    });
    const unbatched = new Gauge({
      name: 'cosmolocal_contribution_records_unbatched',
      help: 'Contribution records waiting for an anchor batch',
      registers,
    });
    new Gauge({
      name: 'cosmolocal_anchor_batches',
      help: 'Anchor batches by status',
      labelNames: ['status'],
      registers,
      async collect() {
        this.reset();
        await safely('anchoring', async () => {
          const a = await repository.anchoring();
          for (const b of a.batches) this.set({ status: b.status }, b.count);
          unbatched.set(a.unbatched);
        });
      },
    });
    const pending = new Gauge({ name: 'cosmolocal_settlements_pending', help: 'Settlements recorded and not yet distributed', registers });
    const distributedTotal: Counter = new Counter({
      name: 'cosmolocal_settlements_distributed_total',
      help: 'Settlements distributed (rate() gives the settlement rate)',
      registers,
      collect: async () => {
        await safely('settlements', async () => {
          const rows = await repository.settlements();
          const distributed = rows.find((r) => r.status === 'DISTRIBUTED')?.count ?? 0;
          pending.set(rows.find((r) => r.status === 'PENDING')?.count ?? 0);
          // The table is the count's source of truth: the counter follows it upward.
          if (distributed > this.distributed) distributedTotal.inc(distributed - this.distributed);
          this.distributed = Math.max(this.distributed, distributed);
        });
      },
    });
  }

  observeHttp(method: string, path: string, status: number, seconds: number): void {
    this.http.observe(
      { method: METHODS.has(method) ? method : 'OTHER', route: routeGroup(path), status: `${Math.floor(status / 100)}xx` },
      seconds,
    );
  }

  observeGraphql(operationName: string | null | undefined, type: string | undefined, ok: boolean, seconds: number): void {
    this.graphql.observe({ operation: this.operationLabel(operationName), type: type ?? 'unknown', outcome: ok ? 'ok' : 'error' }, seconds);
  }

  private operationLabel(name: string | null | undefined): string {
    if (!name) return '(anonymous)';
    if (name === '(invalid)') return name;
    if (!OPERATION_NAME.test(name)) return '(other)';
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATIONS) return '(other)';
    this.operations.add(name);
    return name;
  }
}
