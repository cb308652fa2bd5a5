import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { parseContext, runWithContext } from '../common/logging/request-context.js';

const logger = new Logger('Job');

interface JobProcessor {
  prototype: { process(job: Job, token?: string): Promise<unknown> };
}

// Runs every job of these processor classes inside the context its data carries (request id, trace
// context), so whatever the job logs, and any job or event it starts, carries them on. A job's
// start and end are logged at debug level.
export function runJobsInTheirContext(processors: readonly JobProcessor[]): void {
  for (const processor of processors) {
    const process = processor.prototype.process;
    processor.prototype.process = function (this: unknown, job: Job, token?: string) {
      const context = parseContext((job.data as { context?: unknown } | undefined)?.context) ?? {};
      return runWithContext(context, async () => {
        const started = performance.now();
        const fields = { queue: job.queueName, job: job.name, jobId: job.id, attempt: job.attemptsMade + 1 };
        logger.debug({ msg: 'job started', ...fields });
        try {
          const result = await process.call(this, job, token);
          logger.debug({ msg: 'job done', ...fields, ms: Math.round(performance.now() - started) });
          return result;
        } catch (err) {
          logger.debug({ msg: 'job failed', ...fields, ms: Math.round(performance.now() - started), err: String(err) });
          throw err;
        }
      });
    };
  }
}
