import { InvalidInputError } from '../errors/domain-error.js';
import { connectionFromList } from './connection.js';

const items = Array.from({ length: 5 }, (_, i) => ({ id: `m${i}` }));
const key = (i: { id: string }) => i.id;

describe('connectionFromList', () => {
  it('walks a list page by page with cursors', () => {
    const first = connectionFromList(items, key, { first: 2 });
    expect(first.edges.map((e) => e.node.id)).toEqual(['m0', 'm1']);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = connectionFromList(items, key, { first: 2, after: first.pageInfo.endCursor });
    expect(second.edges.map((e) => e.node.id)).toEqual(['m2', 'm3']);
    const last = connectionFromList(items, key, { first: 2, after: second.pageInfo.endCursor });
    expect(last.edges.map((e) => e.node.id)).toEqual(['m4']);
    expect(last.pageInfo.hasNextPage).toBe(false);
    expect(last.totalCount).toBe(5);
  });

  it('refuses page sizes out of range and foreign cursors', () => {
    expect(() => connectionFromList(items, key, { first: 0 })).toThrow(InvalidInputError);
    expect(() => connectionFromList(items, key, { first: 101 })).toThrow(InvalidInputError);
    expect(() => connectionFromList(items, key, { after: 'bm9wZQ' })).toThrow(InvalidInputError);
  });
});
