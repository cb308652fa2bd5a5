import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module.js';
import { OutboxModule } from './outbox.module.js';
import { OutboxRelay } from './outbox.relay.js';

// Reading side: only the worker runs the relay.
@Module({ imports: [OutboxModule, JobsModule], providers: [OutboxRelay], exports: [OutboxRelay] })
export class OutboxRelayModule {}
