import type * as Viem from 'viem';
import type * as ViemAccounts from 'viem/accounts';
import type * as ViemSiwe from 'viem/siwe';

// viem (with ox, abitype and noble's curves: ~9 MB of heap and ~1.5 MB of source once loaded) is
// needed only when the instance talks to the chain: loaded on first use, not with the process, so
// an API that anchors nothing and links no wallet never holds it.
let viem: Promise<typeof Viem> | undefined;
let loadedViem: typeof Viem | undefined;
let accounts: Promise<typeof ViemAccounts> | undefined;
let siwe: Promise<typeof ViemSiwe> | undefined;

export function loadViem(): Promise<typeof Viem> {
  return (viem ??= import('viem').then((m) => (loadedViem = m)));
}

export function loadViemAccounts(): Promise<typeof ViemAccounts> {
  return (accounts ??= import('viem/accounts'));
}

export function loadViemSiwe(): Promise<typeof ViemSiwe> {
  return (siwe ??= import('viem/siwe'));
}

// viem's module once something has loaded it: an error can be one of viem's only if it has.
export function viemIfLoaded(): typeof Viem | undefined {
  return loadedViem;
}
