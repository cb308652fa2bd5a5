import { Module } from '@nestjs/common';
import { OutboxRepository } from './outbox.repository.js';
import { ProcessedEventsRepository } from './processed-events.repository.js';

// Writing side of the outbox: any module that changes state appends events here.
@Module({
  providers: [OutboxRepository, ProcessedEventsRepository],
  exports: [OutboxRepository, ProcessedEventsRepository],
})
export class OutboxModule {}
