import { createHash, randomUUID, type JsonWebKey, type webcrypto } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Federation } from '@fedify/fedify';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { AccountsService } from '../identity/accounts.service.js';
import { OrganizationsService } from '../identity/organizations.service.js';
import { KeysService } from '../keys/keys.service.js';
import { isUuid } from '../common/uuid.js';
import { ConflictError } from '../common/errors/domain-error.js';
import {
  ACTOR_PATH,
  ed25519Jwks,
  INBOX_PATH,
  INSTANCE_ACTOR,
  NODEINFO_PATH,
  OUTBOX_PATH,
  rsaKeyName,
  SHARED_INBOX_PATH,
} from './actors.js';
import { PostgresKvStore } from './postgres-kv.js';
import { FollowsRepository } from './follows.repository.js';
import { JobQueue } from '../jobs/job-queue.service.js';
import { QueueName } from '../jobs/queues.js';
import { DesignsService } from '../designs/designs.service.js';
import { advertisedIpfsNode } from '../ipfs/ipfs-node.js';
import { federatesWith } from './instance-policy.js';
import { DESIGN_VERSION_PATH, readVersionDocument, versionCreate, versionDocument } from './design-activities.js';

const OUTBOX_PAGE = 100;
const KEY_CACHE_MS = 5 * 60_000;
const CATCH_UP_MAX = 10_000;
const SOFTWARE = { name: 'cosmolocal', version: '0.1.0', repository: 'https://github.com/cosmolocal/cosmolocal' };

// The instance on ActivityPub, through Fedify (a maintained framework: WebFinger, NodeInfo, actor
// documents with content negotiation, HTTP Signatures, FEP-521a keys). Every organization is a
// Group with its handle, every account a Person, the instance an Application; each signs with an
// RSA key (what most of the fediverse verifies) and lists its Ed25519 did:key as a Multikey
// assertion method, so records signed here verify elsewhere. Fedify and its vocabulary are loaded
// on the first federation request, not at start.
@Injectable()
export class FederationService {
  private readonly logger = new Logger('federation');
  private federation?: Promise<Federation<void>>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly organizations: OrganizationsService,
    private readonly accounts: AccountsService,
    private readonly keys: KeysService,
    private readonly kv: PostgresKvStore,
    private readonly follows: FollowsRepository,
    private readonly jobs: JobQueue,
    private readonly designs: DesignsService,
  ) {}

  // A Web request in, a Web response out; null when it is not a federation route (or asks for
  // something other than ActivityPub JSON, so the web app may answer it).
  async handle(request: Request): Promise<Response | null> {
    const federation = await this.federationOnce();
    let fallthrough = false;
    const response = await federation.fetch(request, {
      contextData: undefined,
      onNotFound: () => {
        fallthrough = true;
        return new Response(null, { status: 404 });
      },
      onNotAcceptable: () => {
        fallthrough = true;
        return new Response(null, { status: 406 });
      },
    });
    return fallthrough ? null : response;
  }

  // A context for work that is not an answer to a request (following, delivering): its URLs are
  // the instance's own, so PUBLIC_URL must say what they are.
  async outbound() {
    const origin = this.config.http.publicUrl;
    if (!origin)
      throw new ConflictError('Set PUBLIC_URL, the address other instances reach this one at, to federate.', { reason: 'NO_PUBLIC_URL' });
    const federation = await this.federationOnce();
    return federation.createContext(new URL(origin), undefined);
  }

  // The vocabulary's classes, loaded with the framework.
  async vocab() {
    return import('@fedify/fedify/vocab');
  }

  // Built once; a build that failed (e.g. the framework could not be loaded) is tried again next time.
  private federationOnce(): Promise<Federation<void>> {
    this.federation ??= this.build().catch((err: unknown) => {
      this.federation = undefined;
      throw err;
    });
    return this.federation;
  }

  private async build(): Promise<Federation<void>> {
    const fedify = await import('@fedify/fedify');
    const { createFederation } = fedify;
    // Web Crypto keys (typed through node:crypto: the platform compiles without the DOM library).
    const importJwk = fedify.importJwk as unknown as (jwk: JsonWebKey, type: 'public' | 'private') => Promise<webcrypto.CryptoKey>;
    const vocab = await this.vocab();
    const { Accept, Application, Block, Create, Document, Endpoints, Follow, Group, Person, Reject, Undo, Update, isActor } = vocab;
    const insecure = this.config.federation.insecureHttp;
    const federation = createFederation<void>({
      kv: this.kv,
      origin: this.config.http.publicUrl,
      allowPrivateAddress: insecure,
      userAgent: { software: `${SOFTWARE.name}/${SOFTWARE.version}` },
    });

    // Imported once per actor and kept a while: every signature (each delivery) needs them.
    const keyCache = new Map<
      string,
      { at: number; pairs: Promise<Array<{ publicKey: webcrypto.CryptoKey; privateKey: webcrypto.CryptoKey }>> }
    >();
    const keyPairs = (identifier: string) => {
      const hit = keyCache.get(identifier);
      if (hit && Date.now() - hit.at < KEY_CACHE_MS) return hit.pairs;
      const pairs = loadKeyPairs(identifier);
      pairs.catch(() => keyCache.delete(identifier));
      keyCache.set(identifier, { at: Date.now(), pairs });
      if (keyCache.size > 1000) keyCache.delete(keyCache.keys().next().value!);
      return pairs;
    };
    const loadKeyPairs = async (identifier: string) => {
      const actor = await this.actor(identifier);
      if (!actor) return [];
      const rsa = await this.keys.rsaKeyPairFor(actor.rsaKey);
      const pairs: Array<{ publicKey: webcrypto.CryptoKey; privateKey: webcrypto.CryptoKey }> = [
        { publicKey: await importJwk(rsa.publicJwk, 'public'), privateKey: await importJwk(rsa.privateJwk, 'private') },
      ];
      if (actor.did) {
        const ed = ed25519Jwks(actor.did, await this.keys.seedFor(actor.did));
        pairs.push({ publicKey: await importJwk(ed.publicJwk, 'public'), privateKey: await importJwk(ed.privateJwk, 'private') });
      }
      return pairs;
    };

    federation
      .setActorDispatcher(ACTOR_PATH, async (ctx, identifier) => {
        const actor = await this.actor(identifier);
        if (!actor) return null;
        const keys = await ctx.getActorKeyPairs(identifier);
        const common = {
          id: ctx.getActorUri(identifier),
          name: actor.name,
          inbox: ctx.getInboxUri(identifier),
          ...(actor.kind === 'organization' && { outbox: ctx.getOutboxUri(identifier) }),
          endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
          publicKey: keys[0]?.cryptographicKey,
          assertionMethods: keys.map((k) => k.multikey),
          ...(actor.did ? { url: ctx.getActorUri(identifier) } : {}),
        };
        if (actor.kind === 'instance')
          return new Application({ ...common, preferredUsername: new URL(ctx.canonicalOrigin).hostname, manuallyApprovesFollowers: true });
        if (actor.kind === 'organization')
          return new Group({
            ...common,
            preferredUsername: actor.handle,
            summary: actor.summary,
            manuallyApprovesFollowers: await this.follows.approvesFollowers(identifier),
          });
        return new Person({ ...common, preferredUsername: actor.handle });
      })
      .setKeyPairsDispatcher(async (_ctx, identifier) => keyPairs(identifier))
      .mapHandle(async (_ctx, username) => (await this.organizations.byHandle(username.toLowerCase()))?.id ?? null);

    // An organization's outbox: the Create of every design version it published here, newest first,
    // a page at a time; instances that follow it catch up from here after being away.
    federation
      .setOutboxDispatcher(OUTBOX_PATH, async (ctx, identifier, cursor) => {
        if (cursor === null || !isUuid(identifier)) return null;
        if (!(await this.organizations.getMany([identifier]))[0]) return null;
        const [at, id] = cursor ? cursor.split('|') : [];
        const before = at && id && isUuid(id) && !Number.isNaN(Date.parse(at)) ? { publishedAt: new Date(at), id } : undefined;
        const page = await this.designs.versionsPublishedFor(identifier, OUTBOX_PAGE, before);
        const actor = ctx.getActorUri(identifier);
        const items = page.map((v) => versionCreate(vocab, ctx.canonicalOrigin, actor, { id: v.designId }, v));
        const last = page.at(-1);
        return { items, nextCursor: page.length === OUTBOX_PAGE && last ? `${last.publishedAt.toISOString()}|${last.id}` : null };
      })
      .setFirstCursor(() => '');
    // A design version of an organization here, dereferenceable at the id its Create carried.
    federation.setObjectDispatcher(Document, DESIGN_VERSION_PATH, async (ctx, { id }) => {
      if (!isUuid(id)) return null;
      const version = await this.designs.versionById(id).catch(() => null);
      const design = version && (await this.designs.design(version.designId));
      if (!version || !design?.ownerOrganizationId || design.origin) return null;
      return versionDocument(vocab, ctx.canonicalOrigin, ctx.getActorUri(design.ownerOrganizationId), design, version);
    });
    // Every activity here arrived with a valid HTTP signature of its actor (Fedify checks it).
    federation
      .setInboxListeners(INBOX_PATH, SHARED_INBOX_PATH)
      // A remote actor follows one of our organizations: recorded, and accepted.
      .on(Follow, async (ctx, follow) => {
        const target = follow.objectId ? ctx.parseUri(follow.objectId) : null;
        if (target?.type !== 'actor' || !follow.id || !follow.actorId || !this.federates(follow.actorId)) return;
        const org = (await this.organizations.getMany([target.identifier]))[0];
        if (!org) return;
        const follower = await follow.getActor(ctx);
        if (!isActor(follower) || !follower.id || !follower.inboxId || follower.id.href !== follow.actorId.href) return;
        const me = ctx.getActorUri(org.id);
        // A blocked actor is told no, and nothing is kept.
        if (await this.follows.isBlocked(org.id, follower.id.href)) {
          await ctx.sendActivity(
            { identifier: org.id },
            follower,
            new Reject({ id: new URL(`#rejects/${randomUUID()}`, me), actor: me, object: follow }),
          );
          return;
        }
        // An organization that approves its followers sees a pending one; the others accept at once.
        const pending = await this.follows.approvesFollowers(org.id);
        await this.follows.upsertFollower({
          organizationId: org.id,
          actorUrl: follower.id.href,
          inboxUrl: follower.inboxId.href,
          sharedInboxUrl: follower.endpoints?.sharedInbox?.href ?? null,
          followActivityId: follow.id.href,
          status: pending ? 'PENDING' : 'ACCEPTED',
        });
        if (!pending)
          await ctx.sendActivity(
            { identifier: org.id },
            follower,
            new Accept({ id: new URL(`#accepts/${randomUUID()}`, me), actor: me, object: follow }),
          );
        this.logger.log({ msg: pending ? 'follow awaits approval' : 'followed', organizationId: org.id, follower: follower.id.href });
      })
      // A remote actor blocks one of our organizations: it follows no more, and is followed no more.
      .on(Block, async (ctx, block) => {
        const target = block.objectId ? ctx.parseUri(block.objectId) : null;
        if (target?.type !== 'actor' || !block.actorId || !isUuid(target.identifier)) return;
        await this.follows.dropFollower(target.identifier, block.actorId.href);
        await this.follows.endFollowOf(target.identifier, block.actorId.href);
        this.logger.log({ msg: 'blocked by a remote actor', organizationId: target.identifier, actor: block.actorId.href });
      })
      // A followed organization's design version (takeDesignVersion checks it).
      .on(Create, async (ctx, create) => void (await this.takeDesignVersion(create, await create.getObject(ctx))))
      .on(Update, async (ctx, update) => void (await this.takeDesignVersion(update, await update.getObject(ctx))))
      // The answer to one of our follows, from the actor it was sent to.
      .on(Accept, async (_ctx, accept) => {
        if (!accept.objectId || !accept.actorId) return;
        // Accepted: what the followed organization published before is fetched from its outbox.
        if (await this.follows.answer(accept.objectId.href, accept.actorId.href, 'ACCEPTED'))
          await this.scheduleCatchUp(
            accept.actorId.href,
            `accept-${createHash('sha256').update(accept.objectId.href).digest('hex').slice(0, 16)}`,
          );
      })
      .on(Reject, async (_ctx, reject) => {
        if (reject.objectId && reject.actorId) await this.follows.answer(reject.objectId.href, reject.actorId.href, 'REJECTED');
      })
      // A follower takes its Follow back.
      .on(Undo, async (ctx, undo) => {
        const object = await undo.getObject(ctx);
        if (!(object instanceof Follow) || !object.id || !undo.actorId || !object.objectId) return;
        const target = ctx.parseUri(object.objectId);
        if (target?.type !== 'actor') return;
        await this.follows.removeFollower(target.identifier, undo.actorId.href, object.id.href);
      })
      .onError((_ctx, error) => this.logger.warn({ msg: 'inbox activity refused', err: String(error) }));

    federation.setNodeInfoDispatcher(NODEINFO_PATH, async () => {
      const ipfs = await advertisedIpfsNode(this.config);
      return {
        software: { name: SOFTWARE.name, version: SOFTWARE.version, repository: new URL(SOFTWARE.repository) },
        protocols: ['activitypub'],
        openRegistrations: true,
        usage: { users: {}, localPosts: 0, localComments: 0 },
        // Where its IPFS node listens: instances that mirror its designs fetch their blocks there.
        metadata: { nodeName: this.config.http.publicUrl ?? 'cosmolocal', ...(ipfs && { ipfs: { ...ipfs } }) },
      };
    });
    this.logger.log('ActivityPub federation ready');
    return federation;
  }

  // A design version a remote actor sent (or that its outbox lists), checked: the object is a design
  // version, attributed to the actor that sent it, on that actor's instance, and an organization
  // here follows the actor. Then the worker mirrors it (unless it is here already). What fails is
  // logged and left.
  async takeDesignVersion(activity: { id: URL | null; actorId: URL | null }, object: unknown): Promise<'queued' | 'known' | 'refused'> {
    const { Document } = await this.vocab();
    const actor = activity.actorId;
    const refuse = (reason: string) => {
      this.logger.warn({ msg: 'design activity refused', activity: activity.id?.href, actor: actor?.href, reason });
      return 'refused' as const;
    };
    const read = object instanceof Document ? readVersionDocument(object) : null;
    if (!actor || !read || !(object instanceof Document)) return refuse('not a design version');
    if (!this.federates(actor)) return refuse('this instance does not federate with the actor’s');
    if (object.attributionId?.href !== actor.href) return refuse('the object is not attributed to the actor that sent it');
    if (new URL(read.versionUrl).origin !== actor.origin || new URL(read.designUrl).origin !== actor.origin)
      return refuse("the object is not on its actor's instance");
    if (!(await this.follows.followedHere(actor.href))) return refuse('no organization here follows the actor');
    if ((await this.designs.knownVersionCids([read.cid])).size) return 'known';
    await this.jobs.enqueue(
      QueueName.FederationInbound,
      'mirror-design-version',
      { kind: 'design-version', actorUrl: actor.href, ...read, publishedAt: read.publishedAt.toISOString() },
      `mirror-${read.cid}`,
    );
    return 'queued';
  }

  // Reads a followed actor's outbox, newest first, and takes every design version in it this
  // instance lacks: how an instance catches up after being away (deliveries to it failed meanwhile)
  // or after a Redis that lost its queued work. Stops after `max` items.
  async catchUp(actorUrl: string, max = CATCH_UP_MAX): Promise<{ seen: number; queued: number }> {
    if (!this.federates(actorUrl)) return { seen: 0, queued: 0 };
    const ctx = await this.outbound();
    const vocab = await this.vocab();
    const actor = await ctx.lookupObject(actorUrl);
    if (!vocab.isActor(actor) || actor.id?.href !== actorUrl) throw new Error(`no actor answers at ${actorUrl}`);
    const outbox = await actor.getOutbox({ documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader });
    const report = { seen: 0, queued: 0 };
    if (!outbox) return report;
    for await (const item of ctx.traverseCollection(outbox)) {
      if (++report.seen > max) break;
      if (!(item instanceof vocab.Create) && !(item instanceof vocab.Update)) continue;
      const object = await item.getObject({ documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader });
      if ((await this.takeDesignVersion(item, object)) === 'queued') report.queued++;
    }
    this.logger.log({ msg: 'caught up with a followed actor', actorUrl, ...report });
    return report;
  }

  // A catch-up with each followed actor (or one), once per `round`: by default the hour, so at most
  // one an hour per actor (the job id names the actor and the round).
  async scheduleCatchUp(actorUrl?: string, round = `h${Math.floor(Date.now() / 3_600_000)}`): Promise<number> {
    const actors = actorUrl ? [actorUrl] : await this.follows.followedActors();
    for (const a of actors) {
      const key = createHash('sha256').update(a).digest('hex').slice(0, 24);
      await this.jobs.enqueue(QueueName.FederationInbound, 'catch-up', { kind: 'catch-up', actorUrl: a }, `catch-up-${key}-${round}`);
    }
    return actors.length;
  }

  // Whether this instance federates with the instance at this URL (the operator's allow/blocklist).
  federates(url: URL | string): boolean {
    return federatesWith(this.config, url);
  }

  // The actor an identifier names, or null.
  private async actor(identifier: string): Promise<{
    kind: 'instance' | 'organization' | 'account';
    name: string;
    handle: string;
    did: string | null;
    rsaKey: string;
    summary?: string;
  } | null> {
    if (identifier === INSTANCE_ACTOR)
      return { kind: 'instance', name: 'Cosmolocal instance', handle: INSTANCE_ACTOR, did: null, rsaKey: rsaKeyName('instance') };
    if (!isUuid(identifier)) return null;
    const org = (await this.organizations.getMany([identifier]))[0];
    if (org)
      return {
        kind: 'organization',
        name: org.name,
        handle: org.handle,
        did: org.did,
        rsaKey: rsaKeyName('organization', org.id),
        summary: `${org.kind.toLowerCase()} on Cosmolocal`,
      };
    const account = await this.accounts.findById(identifier);
    if (account)
      return {
        kind: 'account',
        name: account.name,
        handle: `p_${account.id.replace(/-/g, '').slice(0, 12)}`,
        did: account.did,
        rsaKey: rsaKeyName('account', account.id),
      };
    return null;
  }
}
