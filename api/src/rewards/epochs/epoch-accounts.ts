import { checksumAddress } from '../../chain/address.js';
import type { LedgerAccount } from '../rewards.types.js';

// The ledger accounts on-chain claims move through: the distributor's clearing account (public:
// what is claimable and not yet claimed) and a wallet's external account, named by its did:pkh.
export const epochAccounts = {
  clearing: (d: { chainId: number; address: string }, currency: string): Omit<LedgerAccount, 'id'> => ({
    kind: 'CLEARING',
    ownerDid: null,
    organizationId: null,
    fund: `onchain:${d.chainId}:${d.address.toLowerCase()}`,
    currency,
    name: `claimable on chain ${d.chainId} (RewardDistributor ${d.address.toLowerCase()})`,
  }),
  wallet: (chainId: number, address: string, currency: string): Omit<LedgerAccount, 'id'> => ({
    kind: 'EXTERNAL',
    ownerDid: walletDid(chainId, address),
    organizationId: null,
    fund: null,
    currency,
    name: `wallet ${address.toLowerCase()} on chain ${chainId}`,
  }),
};

// did:pkh (CAIP-10): the DID of a blockchain account.
export const walletDid = (chainId: number, address: string) => `did:pkh:eip155:${chainId}:${checksumAddress(address)}`;
