import { buildSchema, parse, validate } from 'graphql';
import { depthLimit } from './depth-limit.js';

const schema = buildSchema(`
  type Node { id: ID!, child: Node }
  type Query { node: Node }
`);

function errors(query: string, max = 3) {
  return validate(schema, parse(query), [depthLimit(max)]).map((e) => e.message);
}

describe('depthLimit', () => {
  it('accepts queries at the limit', () => {
    expect(errors('{ node { child { id } } }')).toEqual([]);
  });

  it('refuses deeper queries, with the depth and limit in the message', () => {
    expect(errors('{ node { child { child { id } } } }')).toEqual(['Query is nested 4 levels deep; the limit is 3.']);
  });

  it('counts fields reached through fragments', () => {
    expect(errors('query { node { ...F } } fragment F on Node { child { child { id } } }')).toHaveLength(1);
    expect(errors('query { node { ... on Node { child { id } } } }')).toEqual([]);
  });
});
