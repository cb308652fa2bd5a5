import { Module } from '@nestjs/common';
import { OutboxRepository } from './outbox.repository.js';
import { ProcessedEventsRepository } from './processed-events.repository.js';
import { provideEntities } from '../database/entities.js';
import { OutboxEventEntity } from './outbox-event.entity.js';
import { ProcessedEventEntity } from './processed-event.entity.js';

// Writing side of the outbox: any module that changes state appends events here.
@Module({
  providers: [provideEntities(OutboxEventEntity, ProcessedEventEntity), OutboxRepository, ProcessedEventsRepository],
  exports: [OutboxRepository, ProcessedEventsRepository],
})
export class OutboxModule {}
