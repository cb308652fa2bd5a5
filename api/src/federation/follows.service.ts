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
    this.requireFederated(target);
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
    this.requireFederated(actor.id.href);
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

  // Whether followers wait for an admin's approval (the actor then says manuallyApprovesFollowers).
  async setFollowApproval(viewer: Viewer, organizationId: string, required: boolean): Promise<boolean> {
    const org = await this.organizations.get(organizationId);
    await this.access.require(viewer, 'organization:follow', org);
    await this.repository.setApprovesFollowers(org.id, required);
    return required;
  }

  async followApprovalRequired(viewer: Viewer, organizationId: string): Promise<boolean> {
    await this.access.require(viewer, 'organization:read-activity', await this.organizations.get(organizationId));
    return this.repository.approvesFollowers(organizationId);
  }

  // A pending follower accepted (Accept sent) or refused (Reject sent, follower forgotten).
  async answerFollower(viewer: Viewer, organizationId: string, actorUrl: string, accept: boolean): Promise<Follower | null> {
    const org = await this.organizations.get(organizationId);
    await this.access.require(viewer, 'organization:follow', org);
    const follower = await this.repository.follower(org.id, actorUrl);
    if (!follower) throw new NotFoundError('Follower', actorUrl);
    if (follower.status !== 'PENDING')
      throw new InvalidInputError('actorUrl', 'This follower is not waiting for an answer.', 'NOT_PENDING');
    if (accept) await this.repository.acceptFollower(org.id, actorUrl);
    else await this.repository.dropFollower(org.id, actorUrl);
    await this.answer(org.id, follower, accept ? 'Accept' : 'Reject');
    return accept ? { ...follower, status: 'ACCEPTED' } : null;
  }

  // Blocks an actor of another instance: it stops following (Reject of its follow), is refused if it
  // asks again, and is told by a Block activity.
  async block(viewer: Viewer, organizationId: string, actorUrl: string): Promise<string[]> {
    const org = await this.organizations.get(organizationId);
    await this.access.require(viewer, 'organization:follow', org);
    let url: URL;
    try {
      url = new URL(actorUrl);
    } catch {
      throw new InvalidInputError('actorUrl', `"${actorUrl.slice(0, 100)}" is not an actor URL.`, 'INVALID_TARGET');
    }
    await this.repository.block(org.id, url.href, viewer.accountId);
    const follower = await this.repository.follower(org.id, url.href);
    if (follower) {
      await this.repository.dropFollower(org.id, url.href);
      await this.answer(org.id, follower, 'Reject');
    }
    const ctx = await this.federation.outbound();
    const vocab = await this.federation.vocab();
    const me = ctx.getActorUri(org.id);
    const inbox = follower?.inboxUrl ?? (await this.inboxOf(url.href));
    if (inbox)
      await ctx
        .sendActivity(
          { identifier: org.id },
          { id: url, inboxId: new URL(inbox) },
          new vocab.Block({ id: new URL(`#blocks/${randomUUID()}`, me), actor: me, object: url }),
          { immediate: true },
        )
        .catch((err: unknown) => this.logger.warn({ msg: 'block not delivered', actorUrl: url.href, err: String(err) }));
    return this.repository.blocks(org.id);
  }

  async unblock(viewer: Viewer, organizationId: string, actorUrl: string): Promise<string[]> {
    const org = await this.organizations.get(organizationId);
    await this.access.require(viewer, 'organization:follow', org);
    await this.repository.unblock(org.id, actorUrl);
    return this.repository.blocks(org.id);
  }

  async blocksOf(viewer: Viewer, organizationId: string): Promise<string[]> {
    await this.access.require(viewer, 'organization:read-activity', await this.organizations.get(organizationId));
    return this.repository.blocks(organizationId);
  }

  private async answer(organizationId: string, follower: Follower, kind: 'Accept' | 'Reject'): Promise<void> {
    const ctx = await this.federation.outbound();
    const vocab = await this.federation.vocab();
    const me = ctx.getActorUri(organizationId);
    const follow = new vocab.Follow({ id: new URL(follower.followActivityId), actor: new URL(follower.actorUrl), object: me });
    const Kind = kind === 'Accept' ? vocab.Accept : vocab.Reject;
    await ctx
      .sendActivity(
        { identifier: organizationId },
        { id: new URL(follower.actorUrl), inboxId: new URL(follower.inboxUrl) },
        new Kind({ id: new URL(`#${kind.toLowerCase()}s/${randomUUID()}`, me), actor: me, object: follow }),
        { immediate: true },
      )
      .catch((err: unknown) => this.logger.warn({ msg: `${kind} not delivered`, follower: follower.actorUrl, err: String(err) }));
  }

  private async inboxOf(actorUrl: string): Promise<string | null> {
    try {
      const ctx = await this.federation.outbound();
      const vocab = await this.federation.vocab();
      const actor = await ctx.lookupObject(actorUrl);
      return vocab.isActor(actor) ? (actor.inboxId?.href ?? null) : null;
    } catch {
      return null;
    }
  }

  private requireFederated(target: string): void {
    const url = target.startsWith('@') ? `https://${target.split('@')[2]}` : target;
    if (!this.federation.federates(url))
      throw new InvalidInputError('target', 'This instance does not federate with that one (an operator blocked it).', 'BLOCKED_INSTANCE');
  }
}
