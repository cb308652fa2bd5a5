import { randomUUID } from 'node:crypto';
import { anOrganization } from '../../../../test/support/domain-factories.js';
import { mock } from '../../../../test/support/unit.js';
import type { Viewer } from '../../common/auth/viewer.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../../common/errors/domain-error.js';
import { encodeCursor } from '../../common/graphql/connection.js';
import type { AgentDirectory } from '../../identity/agent-directory.js';
import type { OrganizationsService } from '../../identity/organizations.service.js';
import type { WalletsService } from '../../identity/wallets.service.js';
import { walletDid } from '../epochs/epoch-accounts.js';
import type { LedgerAccount } from '../rewards.types.js';
import { LedgerAccountsService } from './ledger-accounts.service.js';
import type { LedgerRepository } from './ledger.repository.js';

const VIEWER: Viewer = { accountId: randomUUID() };
const VIEWER_DID = 'did:key:z6MkViewer';
const WALLET = {
  accountId: VIEWER.accountId,
  address: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8' as const,
  chainId: 31337,
  linkedAt: new Date(),
};

const anAccount = (over: Partial<LedgerAccount>): LedgerAccount => ({
  id: randomUUID(),
  kind: 'AGENT',
  ownerDid: VIEWER_DID,
  organizationId: null,
  fund: null,
  currency: 'EUR',
  name: 'test',
  ...over,
});

function setup(account: LedgerAccount | null, o: { organizationDid?: string } = {}) {
  const ledger = mock<LedgerRepository>();
  const organizations = mock<OrganizationsService>();
  const agents = mock<AgentDirectory>();
  const wallets = mock<WalletsService>();
  ledger.findAccount.mockResolvedValue(account);
  ledger.entries.mockResolvedValue([]);
  ledger.balances.mockImplementation((ids) => Promise.resolve(new Map(ids.map((id) => [id, 1234n]))));
  agents.didOfAccount.mockResolvedValue(VIEWER_DID);
  agents.byDids.mockResolvedValue(
    o.organizationDid ? [{ did: o.organizationDid, kind: 'ORGANIZATION', id: randomUUID(), name: 'Co-op' }] : [],
  );
  wallets.walletOf.mockResolvedValue(WALLET);
  return { service: new LedgerAccountsService(ledger, organizations, agents, wallets), ledger, organizations };
}

describe('LedgerAccountsService.ledgerPage', () => {
  it.each([
    ['a fund', anAccount({ kind: 'FUND', ownerDid: null, fund: 'COMMONS', organizationId: randomUUID() }), null],
    ['a clearing account', anAccount({ kind: 'CLEARING', ownerDid: null, fund: 'onchain:31337:0xabc' }), null],
  ])('shows %s to anyone, signed in or not', async (_what, account, viewer) => {
    const t = setup(account);
    const page = await t.service.ledgerPage(viewer, account.id);
    expect(page.account).toMatchObject({ id: account.id, balanceMinor: '1234' });
    expect(t.ledger.entries).toHaveBeenCalledWith(account.id, expect.any(Number), undefined);
  });

  it('shows an organization’s own account to anyone', async () => {
    const account = anAccount({ ownerDid: 'did:key:z6MkCoop' });
    const t = setup(account, { organizationDid: 'did:key:z6MkCoop' });
    await expect(t.service.ledgerPage(null, account.id)).resolves.toMatchObject({ account: { id: account.id } });
  });

  it.each([
    ['their own account', anAccount({})],
    ['the account of their linked wallet', anAccount({ kind: 'EXTERNAL', ownerDid: walletDid(WALLET.chainId, WALLET.address) })],
  ])('shows a person %s', async (_what, account) => {
    const t = setup(account);
    await expect(t.service.ledgerPage(VIEWER, account.id)).resolves.toMatchObject({ account: { id: account.id } });
  });

  it.each([
    ['an anonymous viewer', null],
    ['another person', { accountId: randomUUID() }],
  ])('hides a person’s account from %s, and reads no entries', async (_who, viewer) => {
    const account = anAccount({ ownerDid: 'did:key:z6MkSomeoneElse' });
    const t = setup(account);
    await expect(t.service.ledgerPage(viewer, account.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect(t.ledger.entries).not.toHaveBeenCalled();
  });

  it('hides a wallet’s account (did:pkh) from others even though no organization owns it', async () => {
    const account = anAccount({ kind: 'EXTERNAL', ownerDid: walletDid(1, WALLET.address) });
    const t = setup(account);
    await expect(t.service.ledgerPage(null, account.id)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it.each([
    ['an id that is not a uuid', 'not-a-uuid'],
    ['an account that does not exist', randomUUID()],
  ])('answers not found for %s', async (_case, id) => {
    const t = setup(null);
    await expect(t.service.ledgerPage(VIEWER, id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a cursor that names no entry', async () => {
    const account = anAccount({});
    const t = setup(account);
    const err = await t.service.ledgerPage(VIEWER, account.id, 10, encodeCursor('x1')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err).toMatchObject({ field: 'after', reason: 'INVALID_CURSOR' });
    expect(t.ledger.entries).not.toHaveBeenCalled();
  });
});

describe('LedgerAccountsService.organizationAccounts', () => {
  it('lists the funds and the organization’s own accounts with their balances', async () => {
    const org = anOrganization();
    const t = setup(null);
    t.organizations.get.mockResolvedValue(org);
    const fund = anAccount({ kind: 'FUND', ownerDid: null, organizationId: org.id, fund: 'COMMONS' });
    const own = anAccount({ ownerDid: org.did });
    t.ledger.accountsOf.mockImplementation((filter) => Promise.resolve(filter.organizationId ? [fund] : [own]));
    const accounts = await t.service.organizationAccounts(org.id);
    expect(accounts.map((a) => [a.id, a.balanceMinor])).toEqual([
      [fund.id, '1234'],
      [own.id, '1234'],
    ]);
    expect(t.ledger.accountsOf).toHaveBeenCalledWith({ ownerDid: org.did });
  });
});
