import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { DeliveriesService } from '../../../api/src/federation/deliveries.service.js';
import { DesignMirrorService } from '../../../api/src/federation/design-mirror.service.js';
import { FederationService } from '../../../api/src/federation/federation.service.js';
import { QueueName, type JobPayloads } from '../../../api/src/jobs/queues.js';

// Signs and sends one owed activity to one remote inbox (retried with backoff, then dead-lettered).
@Processor(QueueName.FederationDelivery, { concurrency: 16 })
export class FederationDeliveryProcessor extends WorkerHost {
  constructor(private readonly deliveries: DeliveriesService) {
    super();
  }

  async process(job: Job<JobPayloads[QueueName.FederationDelivery]>): Promise<string> {
    return this.deliveries.deliver(job.data.deliveryId);
  }
}

// Mirrors a design version a followed organization of another instance published, or catches up
// with one (its outbox).
@Processor(QueueName.FederationInbound, { concurrency: 4 })
export class FederationInboundProcessor extends WorkerHost {
  constructor(
    private readonly mirror: DesignMirrorService,
    private readonly federation: FederationService,
  ) {
    super();
  }

  async process(job: Job<JobPayloads[QueueName.FederationInbound]>) {
    const data = job.data;
    return data.kind === 'catch-up' ? this.federation.catchUp(data.actorUrl) : this.mirror.mirror(data);
  }
}
