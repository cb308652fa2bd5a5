import { Injectable } from '@nestjs/common';
import type { Selectable } from 'kysely';
import { isUuid } from '../common/uuid.js';
import { oneOf } from '../database/row-checks.js';
import { db, dbNow, Sql, type DB } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';
import { FOLLOW_STATUSES, FOLLOWER_STATUSES, type Follow, type Follower, type FollowStatus } from './federation.types.js';

const toFollow = (r: Selectable<DB['federation_follows']>): Follow => ({
  id: r.id,
  organizationId: r.organization_id,
  target: r.target,
  actorUrl: r.actor_url,
  inboxUrl: r.inbox_url,
  status: oneOf(FOLLOW_STATUSES, r.status, 'federation_follows.status'),
  activityId: r.activity_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toFollower = (r: Selectable<DB['federation_followers']>): Follower => ({
  organizationId: r.organization_id,
  actorUrl: r.actor_url,
  inboxUrl: r.inbox_url,
  sharedInboxUrl: r.shared_inbox_url,
  followActivityId: r.follow_activity_id,
  status: oneOf(FOLLOWER_STATUSES, r.status, 'federation_followers.status'),
  createdAt: r.created_at,
});

@Injectable()
export class FollowsRepository {
  constructor(private readonly sql: Sql) {}

  // A follow asked again (after a Reject, or while pending) starts over with a new activity.
  async upsertFollow(
    f: Pick<Follow, 'id' | 'organizationId' | 'target' | 'actorUrl' | 'inboxUrl' | 'activityId'> & { createdBy: string },
  ): Promise<Follow> {
    const row = await this.sql.first(
      db
        .insertInto('federation_follows')
        .values({
          id: f.id,
          organization_id: f.organizationId,
          target: f.target,
          actor_url: f.actorUrl,
          inbox_url: f.inboxUrl,
          activity_id: f.activityId,
          created_by: f.createdBy,
        })
        .onConflict((oc) =>
          oc.columns(['organization_id', 'actor_url']).doUpdateSet({
            target: f.target,
            inbox_url: f.inboxUrl,
            activity_id: f.activityId,
            status: 'PENDING',
            updated_at: dbNow(),
          }),
        )
        .returningAll(),
    );
    return toFollow(row!);
  }

  async findFollow(id: string): Promise<Follow | null> {
    if (!isUuid(id)) return null;
    const row = await this.sql.first(db.selectFrom('federation_follows').selectAll().where('id', '=', id));
    return row ? toFollow(row) : null;
  }

  async followOf(organizationId: string, actorUrl: string): Promise<Follow | null> {
    const row = await this.sql.first(
      db.selectFrom('federation_follows').selectAll().where('organization_id', '=', organizationId).where('actor_url', '=', actorUrl),
    );
    return row ? toFollow(row) : null;
  }

  // The answer to a Follow, from the actor it was sent to; false when no such follow is pending.
  async answer(activityId: string, fromActor: string, status: Exclude<FollowStatus, 'PENDING'>): Promise<boolean> {
    const row = await this.sql.first(
      db
        .updateTable('federation_follows')
        .set({ status, updated_at: dbNow() })
        .where('activity_id', '=', activityId)
        .where('actor_url', '=', fromActor)
        .returning('id'),
    );
    return !!row;
  }

  async deleteFollow(id: string): Promise<void> {
    await this.sql.run(db.deleteFrom('federation_follows').where('id', '=', id));
  }

  async followsOf(organizationId: string): Promise<Follow[]> {
    if (!isUuid(organizationId)) return [];
    return (
      await this.sql.all(
        db.selectFrom('federation_follows').selectAll().where('organization_id', '=', organizationId).orderBy('created_at'),
      )
    ).map(toFollow);
  }

  async upsertFollower(f: Omit<Follower, 'createdAt'>): Promise<void> {
    await this.sql.run(
      db
        .insertInto('federation_followers')
        .values({
          organization_id: f.organizationId,
          actor_url: f.actorUrl,
          inbox_url: f.inboxUrl,
          shared_inbox_url: f.sharedInboxUrl,
          follow_activity_id: f.followActivityId,
          status: f.status,
        })
        .onConflict((oc) =>
          oc.columns(['organization_id', 'actor_url']).doUpdateSet({
            inbox_url: f.inboxUrl,
            shared_inbox_url: f.sharedInboxUrl,
            follow_activity_id: f.followActivityId,
            status: f.status,
          }),
        ),
    );
  }

  // An Undo of a Follow, from the actor that sent it.
  async removeFollower(organizationId: string, actorUrl: string, followActivityId: string): Promise<boolean> {
    const row = await this.sql.first(
      db
        .deleteFrom('federation_followers')
        .where('organization_id', '=', organizationId)
        .where('actor_url', '=', actorUrl)
        .where('follow_activity_id', '=', followActivityId)
        .returning('actor_url'),
    );
    return !!row;
  }

  async followersOf(organizationId: string): Promise<Follower[]> {
    if (!isUuid(organizationId)) return [];
    return (
      await this.sql.all(
        db.selectFrom('federation_followers').selectAll().where('organization_id', '=', organizationId).orderBy('created_at'),
      )
    ).map(toFollower);
  }

  // Where an organization's accepted followers take deliveries: each instance's shared inbox once,
  // else each follower's own inbox.
  async followerInboxes(organizationId: string, tx?: Tx): Promise<Array<{ inbox: string; recipient: string }>> {
    const rows = await this.sql.all(
      db
        .selectFrom('federation_followers')
        .select((eb) => [eb.fn.coalesce('shared_inbox_url', 'inbox_url').as('inbox'), eb.fn.min('actor_url').as('recipient')])
        .where('organization_id', '=', organizationId)
        .where('status', '=', 'ACCEPTED')
        .groupBy((eb) => eb.fn.coalesce('shared_inbox_url', 'inbox_url'))
        .orderBy('inbox'),
      tx,
    );
    return rows.map((r) => ({ inbox: r.inbox, recipient: r.recipient }));
  }

  // Whether an organization here follows this remote actor, accepted: what it sends is then wanted.
  async followedHere(actorUrl: string): Promise<boolean> {
    const row = await this.sql.first(
      db.selectFrom('federation_follows').select('id').where('actor_url', '=', actorUrl).where('status', '=', 'ACCEPTED').limit(1),
    );
    return !!row;
  }

  // Every remote actor an organization here follows, accepted.
  async followedActors(): Promise<string[]> {
    const rows = await this.sql.all(db.selectFrom('federation_follows').select('actor_url').distinct().where('status', '=', 'ACCEPTED'));
    return rows.map((r) => r.actor_url);
  }

  async approvesFollowers(organizationId: string): Promise<boolean> {
    const row = await this.sql.first(
      db.selectFrom('federation_settings').select('approves_followers').where('organization_id', '=', organizationId),
    );
    return row?.approves_followers ?? false;
  }

  async setApprovesFollowers(organizationId: string, approves: boolean): Promise<void> {
    await this.sql.run(
      db
        .insertInto('federation_settings')
        .values({ organization_id: organizationId, approves_followers: approves })
        .onConflict((oc) => oc.column('organization_id').doUpdateSet({ approves_followers: approves, updated_at: dbNow() })),
    );
  }

  async follower(organizationId: string, actorUrl: string): Promise<Follower | null> {
    if (!isUuid(organizationId)) return null;
    const row = await this.sql.first(
      db.selectFrom('federation_followers').selectAll().where('organization_id', '=', organizationId).where('actor_url', '=', actorUrl),
    );
    return row ? toFollower(row) : null;
  }

  // A pending follower accepted: true when it was pending.
  async acceptFollower(organizationId: string, actorUrl: string): Promise<boolean> {
    const row = await this.sql.first(
      db
        .updateTable('federation_followers')
        .set({ status: 'ACCEPTED' })
        .where('organization_id', '=', organizationId)
        .where('actor_url', '=', actorUrl)
        .where('status', '=', 'PENDING')
        .returning('actor_url'),
    );
    return !!row;
  }

  async dropFollower(organizationId: string, actorUrl: string): Promise<boolean> {
    const row = await this.sql.first(
      db
        .deleteFrom('federation_followers')
        .where('organization_id', '=', organizationId)
        .where('actor_url', '=', actorUrl)
        .returning('actor_url'),
    );
    return !!row;
  }

  async block(organizationId: string, actorUrl: string, createdBy: string): Promise<void> {
    await this.sql.run(
      db
        .insertInto('federation_blocks')
        .values({ organization_id: organizationId, actor_url: actorUrl, created_by: createdBy })
        .onConflict((oc) => oc.doNothing()),
    );
  }

  async unblock(organizationId: string, actorUrl: string): Promise<boolean> {
    const row = await this.sql.first(
      db
        .deleteFrom('federation_blocks')
        .where('organization_id', '=', organizationId)
        .where('actor_url', '=', actorUrl)
        .returning('actor_url'),
    );
    return !!row;
  }

  async blocks(organizationId: string): Promise<string[]> {
    if (!isUuid(organizationId)) return [];
    const rows = await this.sql.all(
      db.selectFrom('federation_blocks').select('actor_url').where('organization_id', '=', organizationId).orderBy('created_at'),
    );
    return rows.map((r) => r.actor_url);
  }

  async isBlocked(organizationId: string, actorUrl: string): Promise<boolean> {
    const row = await this.sql.first(
      db
        .selectFrom('federation_blocks')
        .select('actor_url')
        .where('organization_id', '=', organizationId)
        .where('actor_url', '=', actorUrl),
    );
    return !!row;
  }

  // A remote actor blocked one of our organizations: that organization's follow of it ends.
  async endFollowOf(organizationId: string, actorUrl: string): Promise<number> {
    const rows = await this.sql.all(
      db
        .updateTable('federation_follows')
        .set({ status: 'REJECTED', updated_at: dbNow() })
        .where('organization_id', '=', organizationId)
        .where('actor_url', '=', actorUrl)
        .where('status', '<>', 'REJECTED')
        .returning('id'),
    );
    return rows.length;
  }
}
