import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Authenticated } from '../common/auth/access.decorator.js';
import { RequiredViewer } from '../common/auth/viewer.decorator.js';
import type { Viewer } from '../common/auth/viewer.js';
import { DeliveriesService } from './deliveries.service.js';
import type { Delivery } from './federation.types.js';
import { DeliveryModel, DeliveryStatusGql } from './models/federation.models.js';

const toDeliveryModel = (d: Delivery): DeliveryModel => ({
  id: d.id,
  activityId: d.activityId,
  activityType: d.activityType,
  inboxUrl: d.inboxUrl,
  status: d.status,
  attempts: d.attempts,
  lastError: d.lastError,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

@Resolver(() => DeliveryModel)
export class DeliveriesResolver {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Authenticated()
  @Query(() => [DeliveryModel], {
    description: 'What an organization sent to other instances, newest first; status DEAD is its dead-letter list (members).',
  })
  async organizationDeliveries(
    @RequiredViewer() viewer: Viewer,
    @Args('organizationId', { type: () => ID }) organizationId: string,
    @Args('status', { type: () => DeliveryStatusGql, nullable: true }) status?: DeliveryStatusGql | null,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
  ): Promise<DeliveryModel[]> {
    return (await this.deliveries.deliveriesOf(viewer, organizationId, status ?? null, first ?? 50)).map(toDeliveryModel);
  }

  @Authenticated()
  @Mutation(() => DeliveryModel, { description: 'Try a dead delivery again from its first attempt (admins).' })
  async retryDelivery(
    @RequiredViewer() viewer: Viewer,
    @Args('deliveryId', { type: () => ID }) deliveryId: string,
  ): Promise<DeliveryModel> {
    return toDeliveryModel(await this.deliveries.retry(viewer, deliveryId));
  }
}
