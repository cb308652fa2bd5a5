import { ApolloServer } from '@apollo/server';
import { complexityPlugin, costKey } from './complexity.plugin.js';

const typeDefs = `type Item { id: ID!, name: String! }
type Query { items(first: Int): [Item!]! }`;
const resolvers = {
  Query: {
    items: (_: unknown, { first }: { first?: number }) =>
      Array.from({ length: Math.min(first ?? 1, 3) }, (_v, i) => ({ id: String(i), name: `n${i}` })),
  },
};

const QUERY = 'query Items($n: Int) { items(first: $n) { id name } }';

async function run(server: ApolloServer, n: number) {
  const { body } = await server.executeOperation({ query: QUERY, variables: { n } });
  if (body.kind !== 'single') throw new Error('expected a single result');
  return body.singleResult;
}

describe('complexity plugin', () => {
  const server = new ApolloServer({ typeDefs, resolvers, plugins: [complexityPlugin(100)] });
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it('prices the same query text anew for each set of variables, also once it has seen it', async () => {
    expect((await run(server, 10)).errors).toBeUndefined(); // 1 + 10 × 2 = 21
    const over = await run(server, 60); // 1 + 60 × 2 = 121
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', complexity: 121, limit: 100 });
    expect((await run(server, 10)).errors).toBeUndefined();
    expect((await run(server, 60)).errors?.[0]?.extensions).toMatchObject({ complexity: 121 });
  });

  it('keeps pricing correctly past the number of variable sets it keeps per document', async () => {
    for (let n = 1; n <= 70; n++) {
      const result = await run(server, n);
      if (1 + n * 2 > 100) expect(result.errors?.[0]?.extensions).toMatchObject({ complexity: 1 + n * 2 });
      else expect(result.errors).toBeUndefined();
    }
  });

  it('keys a price by the numbers among the variables, and only the kind of every other value', () => {
    const near = (lat: number, text: string) => costKey('Match', { first: 20, where: { lat, lng: 13.4 }, text });
    expect(near(52.5, 'loom')).toBe(near(48.1, 'chair'));
    expect(costKey('Match', { first: 20 })).not.toBe(costKey('Match', { first: 21 }));
    expect(costKey('Match', { first: 20 })).not.toBe(costKey('Other', { first: 20 }));
    expect(costKey('Match', { first: null })).not.toBe(costKey('Match', { first: 20 }));
    expect(costKey('Match', { a: 1, b: 2 })).toBe(costKey('Match', { b: 2, a: 1 }));
    expect(costKey('Match', { withParts: true })).not.toBe(costKey('Match', { withParts: false }));
  });

  it('prices a query whose text variable changes once, and still refuses it when a number makes it too dear', async () => {
    const server2 = new ApolloServer({
      typeDefs: `type Item { id: ID!, name: String! }
        type Query { items(first: Int, text: String): [Item!]! }`,
      resolvers: { Query: { items: () => [] } },
      plugins: [complexityPlugin(100)],
    });
    await server2.start();
    try {
      const q = 'query Items($n: Int, $t: String) { items(first: $n, text: $t) { id name } }';
      const exec = async (n: number, t: string) => {
        const { body } = await server2.executeOperation({ query: q, variables: { n, t } });
        if (body.kind !== 'single') throw new Error('expected a single result');
        return body.singleResult;
      };
      expect((await exec(10, 'a')).errors).toBeUndefined();
      expect((await exec(10, 'b')).errors).toBeUndefined();
      expect((await exec(60, 'b')).errors?.[0]?.extensions).toMatchObject({ complexity: 121 });
      expect((await exec(60, 'c')).errors?.[0]?.extensions).toMatchObject({ complexity: 121 });
    } finally {
      await server2.stop();
    }
  });
});
