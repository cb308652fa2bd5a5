import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Activity } from '@fedify/fedify/vocab';
import { AccessService } from '../access/access.service.js';
import type { Viewer } from '../common/auth/viewer.js';
import { InvalidInputError, NotFoundError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import type { Tx } from '../database/transaction.js';
import { OrganizationsService } from '../identity/organizations.service.js';
import { JobQueue } from '../jobs/job-queue.service.js';
import { QueueName } from '../jobs/queues.js';
import { DeliveriesRepository } from './deliveries.repository.js';
import { federatesWith } from './instance-policy.js';
import { FederationService } from './federation.service.js';
import { DELIVERY_STATUSES, type Delivery, type DeliveryStatus } from './federation.types.js';

// First retry after 30 s, then doubling: 12 tries span about 17 hours.
export const DELIVERY_BACKOFF_MS = 30_000;
const UNCOMMITTED_WAIT_MS = 10_000;
const PARSED_CACHE = 256;
export const deliveryJobId = (deliveryId: string) => `deliver-${deliveryId}`;

// Activities owed to remote inboxes. Each (activity, inbox) is a row written in the unit of work
// that decides it is owed, and a BullMQ job that signs and sends it (HTTP Signatures, and Fedify's
// object integrity proof with the actor's Ed25519 key), retried with exponential backoff. The row
// is the truth: a lost job is queued again by the sweep, a delivery is made at most once, and one
// that used up its tries is DEAD: the dead-letter list its organization's admins can read and retry.
@Injectable()
export class DeliveriesService {
  private readonly logger = new Logger('federation');
  private readonly parsed = new Map<string, Activity>();

  constructor(
    private readonly repository: DeliveriesRepository,
    private readonly federation: FederationService,
    private readonly jobs: JobQueue,
    private readonly organizations: OrganizationsService,
    private readonly access: AccessService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // Owes `activity`, sent by an organization, to each inbox; inside the caller's unit of work.
  async owe(
    tx: Tx,
    organizationId: string,
    activity: Activity,
    inboxes: ReadonlyArray<{ inbox: string; recipient: string }>,
  ): Promise<number> {
    if (!activity.id) throw new Error('an activity to deliver needs an id');
    const json = (await activity.toJsonLd({ format: 'compact' })) as Record<string, unknown>;
    const type = typeof json.type === 'string' ? json.type : 'Activity';
    const ids = await this.repository.owe(
      tx,
      { organizationId, activityId: activity.id.href, activityType: type, activity: json },
      inboxes,
    );
    for (const id of ids) await this.queue(id);
    return ids.length;
  }

  // One try of one delivery (the job's work).
  async deliver(deliveryId: string): Promise<'delivered' | 'not-pending' | 'dead'> {
    // Queued by the unit of work that records it, a moment before it commits: waited for briefly,
    // then (one that never commits) left to the job's retries.
    let delivery = await this.repository.find(deliveryId);
    for (let waited = 0; !delivery && waited < UNCOMMITTED_WAIT_MS; waited += 25) {
      await new Promise((r) => setTimeout(r, 25));
      delivery = await this.repository.find(deliveryId);
    }
    if (!delivery) throw new Error(`delivery ${deliveryId} is not recorded (yet)`);
    if (delivery.status !== 'PENDING') return 'not-pending';
    // Defederated since: never sent.
    if (!federatesWith(this.config, delivery.inboxUrl)) {
      await this.repository.settle(deliveryId, { status: 'DEAD', error: 'this instance no longer federates with the inbox’s' });
      return 'dead';
    }
    const ctx = await this.federation.outbound();
    const vocab = await this.federation.vocab();
    try {
      // One activity goes to many inboxes: its JSON-LD is read once.
      let activity = this.parsed.get(delivery.activityId);
      if (!activity) {
        activity = await vocab.Activity.fromJsonLd(delivery.activity, {
          contextLoader: ctx.contextLoader,
          documentLoader: ctx.documentLoader,
        });
        this.parsed.set(delivery.activityId, activity);
        if (this.parsed.size > PARSED_CACHE) this.parsed.delete(this.parsed.keys().next().value!);
      }
      await ctx.sendActivity(
        { identifier: delivery.organizationId },
        { id: new URL(delivery.recipientUrl), inboxId: new URL(delivery.inboxUrl) },
        activity,
        {
          immediate: true,
        },
      );
    } catch (err) {
      const last = delivery.attempts + 1 >= this.config.federation.deliveryAttempts;
      await this.repository.settle(deliveryId, { status: last ? 'DEAD' : 'PENDING', error: String(err) });
      this.logger.warn({
        msg: last ? 'delivery dead-lettered' : 'delivery failed; will retry',
        deliveryId,
        inbox: delivery.inboxUrl,
        err: String(err),
      });
      if (last) return 'dead';
      throw err;
    }
    await this.repository.settle(deliveryId, { status: 'DELIVERED' });
    return 'delivered';
  }

  // Deliveries still owed a while after their last try get their job back if Redis lost it.
  async sweep(olderThan: Date, limit = 500): Promise<number> {
    let requeued = 0;
    for (const id of await this.repository.pendingSince(olderThan, limit)) if ((await this.queue(id, true)) === 'added') requeued++;
    return requeued;
  }

  async deliveriesOf(viewer: Viewer, organizationId: string, status: string | null, first = 50): Promise<Delivery[]> {
    await this.access.require(viewer, 'organization:read-activity', await this.organizations.get(organizationId));
    if (status && !(DELIVERY_STATUSES as readonly string[]).includes(status))
      throw new InvalidInputError('status', `"${status}" is not a delivery status.`, 'INVALID');
    if (!Number.isInteger(first) || first < 1 || first > 200) throw new InvalidInputError('first', 'first must be 1–200.', 'OUT_OF_RANGE');
    return this.repository.ofOrganization(organizationId, (status as DeliveryStatus | null) ?? null, first);
  }

  // A dead delivery tried again from the start.
  async retry(viewer: Viewer, deliveryId: string): Promise<Delivery> {
    const delivery = await this.repository.find(deliveryId);
    if (!delivery) throw new NotFoundError('Delivery', deliveryId);
    await this.access.require(viewer, 'organization:follow', await this.organizations.get(delivery.organizationId));
    const revived = await this.repository.revive(deliveryId);
    if (!revived) throw new InvalidInputError('deliveryId', `The delivery is ${delivery.status}, not DEAD.`, 'NOT_DEAD');
    await this.queue(deliveryId, true);
    return revived;
  }

  private async queue(id: string, ensure = false) {
    const options = { attempts: this.config.federation.deliveryAttempts, backoffMs: DELIVERY_BACKOFF_MS };
    if (ensure) return this.jobs.ensure(QueueName.FederationDelivery, 'deliver', { deliveryId: id }, deliveryJobId(id), options);
    await this.jobs.enqueue(QueueName.FederationDelivery, 'deliver', { deliveryId: id }, deliveryJobId(id), options);
    return 'added' as const;
  }
}
