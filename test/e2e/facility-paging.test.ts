import { eastOf, remotePoint } from '../support/factories.js';
import { signUp, type Platform } from '../support/e2e-scenario.js';
import { startPlatform } from '../support/http.js';

let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform.close());

const NEAR = `query($lat: Float!, $lon: Float!, $after: String) {
  facilitiesNear(lat: $lat, lon: $lon, radiusKm: 50, first: 10, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { distanceKm facility { id } } }
  }
}`;
const MATCH = `query($input: MatchFacilitiesInput!) {
  matchFacilities(input: $input) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { score facility { id } } } excluded { facility { id } }
  }
}`;

type Page<N> = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: N }> };

// Every page from the first, following endCursor until hasNextPage is false.
async function allPages<N>(
  fetchPage: (after: string | null) => Promise<Page<N>>,
): Promise<{ nodes: N[]; pages: number; totals: number[] }> {
  const nodes: N[] = [];
  const totals: number[] = [];
  let after: string | null = null;
  for (let pages = 1; ; pages++) {
    const page = await fetchPage(after);
    nodes.push(...page.edges.map((e) => e.node));
    totals.push(page.totalCount);
    if (!page.pageInfo.hasNextPage) return { nodes, pages, totals };
    after = page.pageInfo.endCursor;
  }
}

describe('paging nearby facilities and matches over GraphQL', () => {
  it('reaches every facility once, page by page, also where several share one spot', async () => {
    const token = await signUp(platform, 'pager');
    const org = await platform.gql('mutation { createOrganization(input: { name: "Paging Co-op", kind: COOPERATIVE }) { id } }', {}, token);
    const home = remotePoint();
    const ids: string[] = [];
    // 23 labs: 5 at one spot (equal distances across a page boundary), the rest spread up to 22 km.
    for (let i = 0; i < 23; i++) {
      const at = eastOf(home, i < 5 ? 9.5 : 1 + i);
      const res = await platform.gql(
        'mutation($input: RegisterFacilityInput!) { registerFacility(input: $input) { id } }',
        {
          input: {
            organizationId: org.data!.createOrganization.id,
            name: `Paged Lab ${i}`,
            location: at,
            capacityHoursPerWeek: 40,
            equipment: [{ process: 'laser' }],
          },
        },
        token,
      );
      ids.push(res.data!.registerFacility.id);
    }

    const near = await allPages(async (after) => {
      const res = await platform.gql(NEAR, { ...home, after }, token);
      if (!res.data) throw new Error(JSON.stringify(res.errors));
      return res.data.facilitiesNear as Page<{ distanceKm: number; facility: { id: string } }>;
    });
    const found = near.nodes.map((n) => n.facility.id).filter((id) => ids.includes(id));
    expect(found).toHaveLength(23);
    expect(new Set(found).size).toBe(23);
    expect(near.pages).toBeGreaterThanOrEqual(3);
    expect(near.totals.every((t) => t === near.nodes.length)).toBe(true);
    const km = near.nodes.map((n) => n.distanceKm);
    expect(km).toEqual([...km].sort((a, b) => a - b));

    const input = { requirements: [{ process: 'laser' }], location: home, radiusKm: 50, quantity: 1, first: 10, explain: true };
    const matched = await allPages(async (after) => {
      const res = await platform.gql(MATCH, { input: { ...input, after } }, token);
      if (!res.data) throw new Error(JSON.stringify(res.errors));
      return res.data.matchFacilities as Page<{ score: number; facility: { id: string } }>;
    });
    const ranked = matched.nodes.map((n) => n.facility.id).filter((id) => ids.includes(id));
    expect(new Set(ranked).size).toBe(23);
    expect(matched.nodes.map((n) => n.score)).toEqual([...matched.nodes.map((n) => n.score)].sort((a, b) => b - a));

    const bad = await platform.gql(NEAR, { ...home, after: 'bm90LWEtY3Vyc29y' });
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
