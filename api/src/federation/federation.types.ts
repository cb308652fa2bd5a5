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

// An activity owed to one remote inbox: PENDING until delivered, DEAD once its attempts are used
// up (the dead-letter list, which an admin of the sending organization can read and retry).
export const DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'DEAD'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface Delivery {
  id: string;
  organizationId: string;
  activityId: string;
  activityType: string;
  inboxUrl: string;
  recipientUrl: string; // an actor the inbox takes it for (one of several, for a shared inbox)
  activity: Record<string, unknown>; // its JSON-LD, signed again at each attempt
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}
