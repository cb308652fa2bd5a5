import { Injectable } from '@nestjs/common';
import type { Viewer } from '../../common/auth/viewer.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../../common/errors/domain-error.js';
import { decodeCursor, encodeCursor, pageSize } from '../../common/graphql/connection.js';
import { isUuid } from '../../common/uuid.js';
import { AgentDirectory } from '../../identity/agent-directory.js';
import { OrganizationsService } from '../../identity/organizations.service.js';
import { WalletsService } from '../../identity/wallets.service.js';
import { walletDid } from '../epochs/epoch-accounts.js';
import { LedgerRepository } from './ledger.repository.js';

// Ledger accounts as their readers see them: balances and pages of entries, open books for funds
// and organizations, a person's own account for that person only.
@Injectable()
export class LedgerAccountsService {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly organizations: OrganizationsService,
    private readonly agents: AgentDirectory,
    private readonly wallets: WalletsService,
  ) {}

  // Public: funds and organizations' accounts (the co-ops' books are open). Private: a person's
  // own account and the payments they made (visible to them only; in aggregate through funds).
  async ledgerPage(viewer: Viewer | null, accountId: string, first?: number | null, after?: string | null) {
    const account = isUuid(accountId) ? await this.ledger.findAccount(accountId) : null;
    if (!account) throw new NotFoundError('LedgerAccount', accountId);
    if (!(await this.isPublicAccount(account)) && !(viewer && (await this.viewerDids(viewer)).includes(account.ownerDid!))) {
      throw new ForbiddenError('A person’s ledger account is visible to that person only.');
    }
    const limit = pageSize(first);
    const before = after ? decodeCursor(after) : undefined;
    if (before !== undefined && !/^\d{1,19}$/.test(before))
      throw new InvalidInputError('after', 'The cursor is not valid.', 'INVALID_CURSOR');
    const rows = await this.ledger.entries(account.id, limit + 1, before);
    const nodes = rows.slice(0, limit);
    const balance = (await this.ledger.balances([account.id])).get(account.id)!;
    return {
      account: { ...account, balanceMinor: balance.toString() },
      edges: nodes.map((node) => ({ cursor: encodeCursor(node.id), node })),
      pageInfo: {
        hasNextPage: rows.length > limit,
        hasPreviousPage: !!after,
        startCursor: nodes[0] ? encodeCursor(nodes[0].id) : null,
        endCursor: nodes.length ? encodeCursor(nodes[nodes.length - 1]!.id) : null,
      },
      totalCount: nodes.length,
    };
  }

  async myAccounts(viewer: Viewer) {
    const accounts = (await Promise.all((await this.viewerDids(viewer)).map((did) => this.ledger.accountsOf({ ownerDid: did })))).flat();
    const balances = await this.ledger.balances(accounts.map((a) => a.id));
    return accounts.map((a) => ({ ...a, balanceMinor: balances.get(a.id)!.toString() }));
  }

  async organizationAccounts(organizationId: string) {
    const org = await this.organizations.get(organizationId);
    const accounts = [...(await this.ledger.accountsOf({ organizationId })), ...(await this.ledger.accountsOf({ ownerDid: org.did }))];
    const balances = await this.ledger.balances(accounts.map((a) => a.id));
    return accounts.map((a) => ({ ...a, balanceMinor: balances.get(a.id)!.toString() }));
  }

  // Funds, clearing accounts and organizations' accounts are open books.
  private async isPublicAccount(account: { kind: string; ownerDid: string | null }): Promise<boolean> {
    if (account.kind === 'FUND' || account.kind === 'CLEARING') return true;
    if (!account.ownerDid || account.ownerDid.startsWith('did:pkh:')) return false;
    const [owner] = await this.agents.byDids([account.ownerDid]);
    return owner?.kind === 'ORGANIZATION';
  }

  // The viewer's own DID and the did:pkh of their linked wallet (its claims land there).
  private async viewerDids(viewer: Viewer): Promise<string[]> {
    const did = await this.agents.didOfAccount(viewer.accountId);
    const wallet = await this.wallets.walletOf(viewer.accountId);
    return wallet ? [did, walletDid(wallet.chainId, wallet.address)] : [did];
  }
}
