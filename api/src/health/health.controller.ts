import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ChainClient } from '../chain/chain.client.js';
import { DatabaseHealth } from '../database/database.health.js';
import { BlockstoreHealth } from '../ipfs/blockstore.health.js';
import { JobQueue } from '../jobs/job-queue.service.js';

const TIMEOUT_MS = 3000;

@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly db: DatabaseHealth,
    private readonly jobs: JobQueue,
    private readonly chain: ChainClient,
    private readonly blockstore: BlockstoreHealth,
  ) {}

  // Liveness: the process answers. Dependencies are /ready's business.
  @Get('health')
  @HealthCheck()
  live() {
    return this.health.check([() => this.indicator.check('process').up({ uptimeSeconds: Math.round(process.uptime()) })]);
  }

  // Readiness: every dependency a request may touch answers.
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () =>
        this.indicator
          .check('database')
          .attempt(() => this.db.ping())
          .withTimeout(TIMEOUT_MS),
      () =>
        this.indicator
          .check('redis')
          .attempt(() => this.jobs.ping())
          .withTimeout(TIMEOUT_MS),
      () =>
        this.indicator
          .check('chain')
          .attempt(({ signal }) => this.chain.ping(signal))
          .withTimeout(TIMEOUT_MS),
      () =>
        this.indicator
          .check('blockstore')
          .attempt(() => this.blockstore.ping())
          .withTimeout(TIMEOUT_MS),
    ]);
  }
}
