// Follows between organizations across instances.
export const FOLLOW_STATUSES = ['PENDING', 'ACCEPTED', 'REJECTED'] as const;
export type FollowStatus = (typeof FOLLOW_STATUSES)[number];
export const FOLLOWER_STATUSES = ['PENDING', 'ACCEPTED'] as const;
export type FollowerStatus = (typeof FOLLOWER_STATUSES)[number];

// A local organization following a remote actor.
export interface Follow {
  id: string;
  organizationId: string;
  target: string; // as asked: @handle@host or the actor's URL
  actorUrl: string;
  inboxUrl: string;
  status: FollowStatus;
  activityId: string; // the Follow activity's id
  createdAt: Date;
  updatedAt: Date;
}

// A remote actor following a local organization.
export interface Follower {
  organizationId: string;
  actorUrl: string;
  inboxUrl: string;
  sharedInboxUrl: string | null;
  followActivityId: string;
  status: FollowerStatus;
  createdAt: Date;
}
