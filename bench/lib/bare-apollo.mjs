// The reference for bench/api.mjs: a bare @apollo/server 5 standalone server with only the
// catalogue's part of the schema (the platform's type and field names), answering from the same
// database with hand-written SQL equivalent to the platform's catalogue page and loaders.
// Run as its own process: DATABASE_URL=… PORT=… node bench/lib/bare-apollo.mjs; prints its URL.
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { GraphQLScalarType } from 'graphql';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
pool.on('error', () => undefined);

const typeDefs = `#graphql
  scalar DateTime
  enum LicenseClass { ALLOWED ATTRIBUTION_REQUIRED SHARE_ALIKE NON_COMMERCIAL_ONLY NOT_ALLOWED }
  input DesignFilter { text: String, process: String, material: String, licenseClasses: [LicenseClass!], organizationId: ID }
  type PageInfo { hasNextPage: Boolean!, hasPreviousPage: Boolean!, startCursor: String, endCursor: String }
  type Account { id: ID!, name: String! }
  type Organization { id: ID!, name: String! }
  type Licences { hardware: String!, documentation: String, software: String }
  type Part { id: String!, name: String!, material: String, process: String }
  type DesignVersion {
    id: ID!
    cid: String!
    title: String!
    description: String
    license: Licences!
    licenseClass: LicenseClass!
    parts: [Part!]!
    publishedAt: DateTime!
  }
  type Design {
    id: ID!
    title: String!
    ownerAccount: Account
    ownerOrganization: Organization
    latestVersion: DesignVersion
  }
  type DesignEdge { cursor: String!, node: Design! }
  type DesignConnection { edges: [DesignEdge!]!, pageInfo: PageInfo!, totalCount: Int! }
  type Query { designs(filter: DesignFilter, first: Int, after: String): DesignConnection! }
`;

// The catalogue without a search text: designs by their latest version, newest first.
const PAGE = `
  SELECT d.id, d.owner_account_id, d.owner_organization_id, d.title, d.created_by, d.created_at, v.id AS version_id,
         0::real::text AS rank, to_char(v.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS published
  FROM designs d JOIN design_versions v ON v.id = d.latest_version_id
  ORDER BY v.published_at DESC, v.id DESC
  LIMIT $1`;
// Counted up to 1,001 matches, as the platform bounds \`totalCount\` (exact up to 1,000).
const COUNT = `SELECT count(*) AS n FROM (SELECT 1 FROM designs d JOIN design_versions v ON v.id = d.latest_version_id LIMIT 1001) m`;
// One query per request for the page's latest versions, accounts and organizations (as the loaders batch them).
// The version each design points at, with the columns and the parts of the manifest the page shows.
const LATEST = `SELECT v.id, v.design_id, v.cid, v.published_at, v.licence_hardware, v.licence_documentation, v.licence_software,
         v.licence_class, v.manifest -> 'function' AS description, v.manifest -> 'parts' AS parts
  FROM design_versions v WHERE v.id IN (SELECT latest_version_id FROM designs WHERE id = ANY($1::uuid[]))`;
const ACCOUNTS = `SELECT id, email, name, did, created_at FROM accounts WHERE id = ANY($1::uuid[])`;
const ORGANIZATIONS = `SELECT * FROM organizations WHERE id = ANY($1::uuid[])`;

// Runs `query` once per request for every key asked for in the same tick, as a DataLoader does.
function batch(query) {
  let pending = null;
  const cache = new Map();
  return (key) => {
    if (cache.has(key)) return cache.get(key);
    if (!pending) {
      pending = { keys: [] };
      const current = pending;
      current.rows = new Promise((resolve) => process.nextTick(resolve)).then(async () => {
        pending = null;
        return (await pool.query(query, [current.keys])).rows;
      });
    }
    pending.keys.push(key);
    const result = pending.rows.then((rows) => rows.find((r) => (r.design_id ?? r.id) === key) ?? null);
    cache.set(key, result);
    return result;
  };
}

const selects = (info, name) =>
  info.fieldNodes.some((n) => n.selectionSet?.selections.some((s) => s.kind === 'Field' && s.name.value === name));

const resolvers = {
  DateTime: new GraphQLScalarType({ name: 'DateTime', serialize: (v) => (v instanceof Date ? v.toISOString() : v) }),
  Query: {
    async designs(_, { filter, first, after }, ctx, info) {
      if (filter?.text || filter?.process || filter?.material || filter?.licenseClasses?.length || filter?.organizationId || after)
        throw new Error('the reference serves the first page of the unfiltered catalogue only');
      const size = first ?? 20;
      const [page, count] = await Promise.all([
        pool.query(PAGE, [size + 1]),
        selects(info, 'totalCount') ? pool.query(COUNT) : Promise.resolve(null),
      ]);
      const rows = page.rows.slice(0, size);
      const edges = rows.map((r) => ({ cursor: Buffer.from(`c:${r.published}|${r.version_id}`).toString('base64url'), node: r }));
      return {
        edges,
        totalCount: count ? Number(count.rows[0].n) : -1,
        pageInfo: {
          hasNextPage: page.rows.length > size,
          hasPreviousPage: false,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
      };
    },
  },
  Design: {
    ownerAccount: (d, _, ctx) => d.owner_account_id && ctx.account(d.owner_account_id),
    ownerOrganization: (d, _, ctx) => d.owner_organization_id && ctx.organization(d.owner_organization_id),
    latestVersion: (d, _, ctx) => ctx.latestVersion(d.id),
  },
  DesignVersion: {
    description: (v) => v.description ?? null,
    license: (v) => ({ hardware: v.licence_hardware, documentation: v.licence_documentation, software: v.licence_software }),
    licenseClass: (v) => v.licence_class,
    parts: (v) => v.parts,
    publishedAt: (v) => v.published_at,
  },
};

const server = new ApolloServer({ typeDefs, resolvers });
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(process.env.PORT), host: '127.0.0.1' },
  context: async () => ({ latestVersion: batch(LATEST), account: batch(ACCOUNTS), organization: batch(ORGANIZATIONS) }),
});
console.log(url);
const stop = async () => {
  await server.stop();
  await pool.end();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
