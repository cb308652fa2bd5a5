import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { parseContext, runWithContext } from '../common/logging/request-context.js';
import { inSpan, traceparentOf } from './tracing.js';

const logger = new Logger('Job');

interface JobProcessor {
  prototype: { process(job: Job, token?: string): Promise<unknown> };
}

// Runs every job of these processor classes inside the context its data carries (request id, trace
// context), so whatever the job logs, and any job or event it starts, carries them on. A job's
// start and end are logged at debug level.
export function runJobsInTheirContext(processors: readonly JobProcessor[]): void {
  for (const processor of processors) {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the processor as `this`
    const process = processor.prototype.process;
    processor.prototype.process = function (this: unknown, job: Job, token?: string) {
      const carried = parseContext((job.data as { context?: unknown } | undefined)?.context) ?? {};
      const fields = { queue: job.queueName, job: job.name, jobId: job.id, attempt: job.attemptsMade + 1 };
      const attributes = {
        'messaging.destination.name': job.queueName,
        'messaging.operation.name': job.name,
        'messaging.message.id': job.id ?? '',
        ...(carried.requestId ? { 'cosmolocal.request_id': carried.requestId } : {}),
      };
      const run = async () => {
        const started = performance.now();
        logger.debug({ msg: 'job started', ...fields });
        try {
          const result = await process.call(this, job, token);
          logger.debug({ msg: 'job done', ...fields, ms: Math.round(performance.now() - started) });
          return result;
        } catch (err) {
          logger.debug({ msg: 'job failed', ...fields, ms: Math.round(performance.now() - started), err: String(err) });
          throw err;
        }
      };
      // With tracing on, the job is a span, a child of the one that created the work.
      return inSpan(`job ${job.queueName} ${job.name}`, 'consumer', { traceparent: carried.traceparent }, attributes, (span) =>
        runWithContext({ requestId: carried.requestId, traceparent: span ? traceparentOf(span) : carried.traceparent }, run),
      );
    };
  }
}
