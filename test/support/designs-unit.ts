// DesignsService over auto-mocked collaborators and the real AccessService (its specs share this).
import { CID } from 'multiformats/cid';
import { aCid, anOrganization } from './domain-factories.js';
import { fakeUnitOfWork, mock } from './unit.js';
import { AccessService, type MembershipLookup } from '../../api/src/access/access.service.js';
import type { Role } from '../../api/src/access/principal.js';
import type { Viewer } from '../../api/src/common/auth/viewer.js';
import { NotFoundError } from '../../api/src/common/errors/domain-error.js';
import type { AccountsService } from '../../api/src/identity/accounts.service.js';
import type { OrganizationsService } from '../../api/src/identity/organizations.service.js';
import type { IdempotencyService } from '../../api/src/idempotency/idempotency.service.js';
import type { ContentService } from '../../api/src/ipfs/content.service.js';
import type { OutboxRepository } from '../../api/src/outbox/outbox.repository.js';
import type { DesignCatalogueRepository } from '../../api/src/designs/design-catalogue.repository.js';
import type { DesignLineageRepository } from '../../api/src/designs/design-lineage.repository.js';
import type { DesignsRepository } from '../../api/src/designs/designs.repository.js';
import { DesignsService } from '../../api/src/designs/designs.service.js';
import type { PublishInput } from '../../api/src/designs/publish-input.js';

export const VIEWER: Viewer = { accountId: 'a6f0c1d2-3e4b-4c5d-8e6f-7a8b9c0d1e2f' };
export const AGENT_DID = 'did:key:z6MkViewer';
export const ORG = anOrganization();
export const FILE_CID = aCid(0x55);
export const ROOT_CID = aCid(0x70);
export const MANIFEST_CID = aCid();

export function setup(memberships: Array<{ organizationId: string; role: Role }> = []) {
  const designs = mock<DesignsRepository>();
  const catalogue = mock<DesignCatalogueRepository>();
  const lineages = mock<DesignLineageRepository>();
  const lookup = mock<MembershipLookup>();
  lookup.membershipsOf.mockResolvedValue(memberships);
  const content = mock<ContentService>();
  const organizations = mock<OrganizationsService>();
  const accounts = mock<AccountsService>();
  const outbox = mock<OutboxRepository>();
  const idempotency = mock<IdempotencyService>();
  const { uow, runs } = fakeUnitOfWork();
  accounts.me.mockResolvedValue({ id: VIEWER.accountId, email: 'v@example.org', name: 'V', did: AGENT_DID, createdAt: new Date() });
  organizations.get.mockImplementation(async (id) => (id === ORG.id ? ORG : Promise.reject(new NotFoundError('Organization', id))));
  content.resolve.mockResolvedValue({ type: 'raw', size: 42n } as unknown as Awaited<ReturnType<ContentService['resolve']>>);
  content.directoryOf.mockResolvedValue(CID.parse(ROOT_CID));
  content.putDagCbor.mockResolvedValue(CID.parse(MANIFEST_CID));
  designs.findVersionsByCids.mockResolvedValue([]);
  lineages.externalParentsOfDesign.mockResolvedValue([]);
  idempotency.replay.mockResolvedValue(null);
  // Without a key the real service runs the work in one unit of work; so does this one.
  idempotency.transaction.mockImplementation((_request, work) => uow.run(async (tx) => (await work(tx)).result) as never);
  const service = new DesignsService(
    designs,
    catalogue,
    lineages,
    new AccessService(lookup),
    content,
    organizations,
    accounts,
    outbox,
    idempotency,
    { federation: { blockedHosts: [], allowedHosts: [] } } as never,
  );
  return { service, designs, catalogue, lineages, content, organizations, accounts, outbox, idempotency, runs };
}

export const input = (over: Partial<PublishInput> = {}): PublishInput => ({
  title: 'Bracket',
  license: { hardware: 'CERN-OHL-S-2.0' },
  files: [{ path: 'bracket.stl', cid: FILE_CID }],
  ...over,
});

export type Setup = ReturnType<typeof setup>;
export function expectNothingWritten(t: Setup) {
  expect(t.runs()).toBe(0);
  expect(t.content.putDagCbor).not.toHaveBeenCalled();
  expect(t.designs.insertDesign).not.toHaveBeenCalled();
  expect(t.designs.insertVersion).not.toHaveBeenCalled();
  expect(t.outbox.append).not.toHaveBeenCalled();
}

export const appendedTypes = (t: Setup) => t.outbox.append.mock.calls.map(([, event]) => event.type);
