import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import type { Viewer } from '../common/auth/viewer.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { OrganizationsService } from '../identity/organizations.service.js';
import { FederationService } from './federation.service.js';
import type { Follow, Follower } from './federation.types.js';
import { parseFollowTarget } from './follow-target.js';
import { FollowsRepository } from './follows.repository.js';

// An organization follows organizations of other instances (and stops): the target is looked up
// (WebFinger, then its actor document), the follow is recorded as PENDING and a signed Follow is
// delivered to the target's inbox; its instance answers Accept or Reject to ours.
@Injectable()
export class FollowsService {
  private readonly logger = new Logger('federation');

  constructor(
    private readonly repository: FollowsRepository,
    private readonly federation: FederationService,
    private readonly organizations: OrganizationsService,
    private readonly access: AccessService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async follow(viewer: Viewer, organizationId: string, rawTarget: string): Promise<Follow> {
    const org = await this.organizations.get(organizationId);
    await this.access.require(viewer, 'organization:follow', org);
    const target = parseFollowTarget(rawTarget, this.config.federation.insecureHttp);
    const ctx = await this.federation.outbound();
    const vocab = await this.federation.vocab();
    let actor: unknown;
    try {
      actor = await ctx.lookupObject(await this.actorUrlOf(target));
    } catch (err) {
      this.logger.warn({ msg: 'follow target unreachable', target, err: String(err) });
      actor = null;
    }
    if (!vocab.isActor(actor) || !actor.id || !actor.inboxId)
      throw new InvalidInputError('target', `No ActivityPub actor answers at ${target}.`, 'UNKNOWN_ACTOR');
    if (actor.id.href === ctx.getActorUri(org.id).href)
      throw new InvalidInputError('target', 'An organization does not follow itself.', 'SELF');
    const existing = await this.repository.followOf(org.id, actor.id.href);
    if (existing?.status === 'ACCEPTED') return existing;
    const id = existing?.id ?? randomUUID();
    const activityId = new URL(`#follows/${randomUUID()}`, ctx.getActorUri(org.id));
    const follow = await this.repository.upsertFollow({
      id,
      organizationId: org.id,
      target,
      actorUrl: actor.id.href,
      inboxUrl: actor.inboxId.href,
      activityId: activityId.href,
      createdBy: viewer.accountId,
    });
    try {
      await ctx.sendActivity(
        { identifier: org.id },
        actor,
        new vocab.Follow({ id: activityId, actor: ctx.getActorUri(org.id), object: actor.id }),
        { immediate: true },
      );
    } catch (err) {
      await this.repository.deleteFollow(follow.id);
      this.logger.warn({ msg: 'follow not delivered', target, err: String(err) });
      throw new ConflictError(`The instance of ${target} did not take the follow; try again later.`, { reason: 'UNREACHABLE' });
    }
    // The answer may already have come back while the Follow was being delivered.
    return (await this.repository.findFollow(follow.id))!;
  }

  // A handle through WebFinger (RFC 7033) to its actor's URL; a URL as it is. Fedify asks WebFinger
  // over https only; with FEDERATION_INSECURE_HTTP (development, tests) the plain-HTTP peer is asked
  // over http.
  private async actorUrlOf(target: string): Promise<string> {
    if (!target.startsWith('@') || !this.config.federation.insecureHttp) return target;
    const [, user, host] = target.split('@');
    const resource = `acct:${user}@${host}`;
    const res = await fetch(`http://${host}/.well-known/webfinger?resource=${encodeURIComponent(resource)}`, {
      headers: { accept: 'application/jrd+json' },
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) return target;
    const jrd = (await res.json()) as { links?: Array<{ rel?: string; type?: string; href?: string }> };
    const self = jrd.links?.find((l) => l.rel === 'self' && /application\/(activity|ld)\+json/.test(l.type ?? ''));
    return self?.href ?? target;
  }

  async unfollow(viewer: Viewer, followId: string): Promise<Follow> {
    const follow = await this.repository.findFollow(followId);
    if (!follow) throw new NotFoundError('Follow', followId);
    await this.access.require(viewer, 'organization:follow', await this.organizations.get(follow.organizationId));
    const ctx = await this.federation.outbound();
    const vocab = await this.federation.vocab();
    await this.repository.deleteFollow(follow.id);
    try {
      const me = ctx.getActorUri(follow.organizationId);
      await ctx.sendActivity(
        { identifier: follow.organizationId },
        { id: new URL(follow.actorUrl), inboxId: new URL(follow.inboxUrl) },
        new vocab.Undo({
          id: new URL(`#undos/${randomUUID()}`, me),
          actor: me,
          object: new vocab.Follow({ id: new URL(follow.activityId), actor: me, object: new URL(follow.actorUrl) }),
        }),
        { immediate: true },
      );
    } catch (err) {
      // The follow is gone here either way; the other side keeps a stale follower until it next fails to deliver.
      this.logger.warn({ msg: 'undo not delivered', target: follow.target, err: String(err) });
    }
    return follow;
  }

  async followsOf(viewer: Viewer, organizationId: string): Promise<Follow[]> {
    await this.access.require(viewer, 'organization:read-activity', await this.organizations.get(organizationId));
    return this.repository.followsOf(organizationId);
  }

  async followersOf(viewer: Viewer, organizationId: string): Promise<Follower[]> {
    await this.access.require(viewer, 'organization:read-activity', await this.organizations.get(organizationId));
    return this.repository.followersOf(organizationId);
  }
}
