import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import type { Tx } from '../database/transaction.js';
import { DesignsService } from '../designs/designs.service.js';
import type { DomainEventHandler } from '../outbox/domain-event-handler.js';
import type { DomainEventOf } from '../outbox/domain-events.js';
import { versionCreate } from './design-activities.js';
import { DeliveriesService } from './deliveries.service.js';
import { FederationService } from './federation.service.js';
import { FollowsRepository } from './follows.repository.js';

// A version published by an organization is sent to the organization's followers on other
// instances as a Create of its Document (every version is a new, immutable object; the design it
// belongs to is its context). Designs of other instances (mirrored here) publish no event, so
// nothing is sent on twice.
@Injectable()
export class DesignFederationHandler implements DomainEventHandler<'design.published'> {
  readonly name = 'federation-designs';
  readonly handles = ['design.published'] as const;
  private readonly logger = new Logger('federation');

  constructor(
    private readonly designs: DesignsService,
    private readonly follows: FollowsRepository,
    private readonly federation: FederationService,
    private readonly deliveries: DeliveriesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(event: DomainEventOf<'design.published'>, tx: Tx): Promise<void> {
    const { organizationId, versionCid, designId } = event.payload;
    const origin = this.config.http.publicUrl;
    if (!organizationId || !origin) return;
    const inboxes = await this.follows.followerInboxes(organizationId, tx);
    if (!inboxes.length) return;
    const version = await this.designs.versionByCid(versionCid, tx);
    const ctx = await this.federation.outbound();
    const vocab = await this.federation.vocab();
    const actor = ctx.getActorUri(organizationId);
    const activity = versionCreate(vocab, origin, actor, { id: designId }, version);
    const owed = await this.deliveries.owe(tx, organizationId, activity, inboxes);
    this.logger.log({ msg: 'design version sent to followers', versionCid, deliveries: owed });
  }
}
