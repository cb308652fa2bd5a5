import { Field, ObjectType, Int } from '@nestjs/graphql';
import type { Type } from '@nestjs/common';
import { isUuid } from '../uuid.js';
import { InvalidInputError } from '../errors/domain-error.js';

// Relay cursor connections. Cursors are opaque to clients.

@ObjectType()
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field() hasPreviousPage: boolean;
  @Field(() => String, { nullable: true }) startCursor: string | null;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

export function Connection<T>(node: Type<T>, name: string): Type<Connection<T>> {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field() cursor: string;
    @Field(() => node) node: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [EdgeType]) edges: EdgeType[];
    @Field(() => PageInfo) pageInfo: PageInfo;
    @Field(() => Int) totalCount: number;
  }
  return ConnectionType as Type<Connection<T>>;
}

export const MAX_PAGE_SIZE = 100;

export function encodeCursor(key: string): string {
  return Buffer.from(`c:${key}`).toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const raw = Buffer.from(cursor, 'base64url').toString();
  if (!raw.startsWith('c:')) throw new InvalidInputError('after', 'The cursor is not valid.', 'INVALID_CURSOR');
  return raw.slice(2);
}

// Keyset cursors over (a timestamp, a uuid), for lists ordered newest first.
export const timeIdKey = (at: Date, id: string) => `${at.toISOString()}|${id}`;

export function decodeTimeIdCursor(cursor: string): { at: Date; id: string } {
  const [raw, id] = decodeCursor(cursor).split('|');
  const at = new Date(raw ?? '');
  if (!id || !isUuid(id) || Number.isNaN(at.getTime())) throw new InvalidInputError('after', 'The cursor is not valid.', 'INVALID_CURSOR');
  return { at, id };
}

export function pageSize(first: number | null | undefined, fallback = 20): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw new InvalidInputError('first', `first must be between 1 and ${MAX_PAGE_SIZE}.`, 'OUT_OF_RANGE');
  }
  return n;
}

// Paginates an ordered list held in memory (small, bounded lists such as an organization's members).
export function connectionFromList<T>(
  items: T[],
  keyOf: (item: T) => string,
  args: { first?: number | null; after?: string | null },
): Connection<T> {
  const size = pageSize(args.first);
  let start = 0;
  if (args.after) {
    const key = decodeCursor(args.after);
    const index = items.findIndex((i) => keyOf(i) === key);
    if (index < 0) throw new InvalidInputError('after', 'The cursor does not belong to this list.', 'INVALID_CURSOR');
    start = index + 1;
  }
  const slice = items.slice(start, start + size);
  const edges = slice.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    totalCount: items.length,
    pageInfo: {
      hasNextPage: start + size < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

// Builds a connection from one page fetched with keyset pagination (`limit + 1` rows asked for).
export function connectionFromPage<T>(
  rows: T[],
  keyOf: (item: T) => string,
  args: { size: number; after?: string | null; totalCount: number },
): Connection<T> {
  const page = rows.slice(0, args.size);
  const edges = page.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    totalCount: args.totalCount,
    pageInfo: {
      hasNextPage: rows.length > args.size,
      hasPreviousPage: !!args.after,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
