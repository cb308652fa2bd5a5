import { buildSchema, getIntrospectionQuery, parse, validate } from 'graphql';
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

  it('lets every client introspect the schema at the usual limit, but not nest types without end', () => {
    const at10 = (query: string) => validate(schema, parse(query), [depthLimit(10)]).map((e) => e.message);
    expect(at10(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true }))).toEqual([]);
    expect(
      at10('{ __schema { types { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } }'),
    ).toHaveLength(1);
  });
});
