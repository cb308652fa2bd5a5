import type { INestApplicationContext } from '@nestjs/common';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { ConflictError, ForbiddenError, InvalidInputError } from '../../api/src/common/errors/domain-error.js';
import { WalletsService } from '../../api/src/identity/wallets.service.js';
import { createDomainContext } from '../support/context.js';
import { newAccount } from '../support/factories.js';

let app: INestApplicationContext;
let wallets: WalletsService;
beforeAll(async () => {
  app = await createDomainContext();
  wallets = app.get(WalletsService);
});
afterAll(() => app.close());

describe('linking a wallet with Sign-In with Ethereum', () => {
  it('links the wallet that signed this instance’s challenge, once', async () => {
    const person = await newAccount(app);
    const wallet = privateKeyToAccount(generatePrivateKey());
    const message = await wallets.challenge(person.viewer, wallet.address);
    expect(message).toContain(`${wallets.domain} wants you to sign in with your Ethereum account:\n${wallet.address}`);
    const signature = await wallet.signMessage({ message });
    const linked = await wallets.link(person.viewer, message, signature);
    expect(linked).toMatchObject({ accountId: person.id, address: wallet.address.toLowerCase() });
    expect((await wallets.walletOf(person.id))?.address).toBe(wallet.address.toLowerCase());
    await expect(wallets.link(person.viewer, message, signature)).rejects.toMatchObject({ details: { reason: 'CHALLENGE_USED' } });
  });

  it('refuses another signer, another domain, another account’s challenge, an expired one and a taken wallet', async () => {
    const person = await newAccount(app);
    const other = await newAccount(app);
    const wallet = privateKeyToAccount(generatePrivateKey());
    const message = await wallets.challenge(person.viewer, wallet.address);
    const impostor = privateKeyToAccount(generatePrivateKey());
    await expect(wallets.link(person.viewer, message, await impostor.signMessage({ message }))).rejects.toMatchObject({
      details: { field: 'signature', reason: 'BAD_SIGNATURE' },
    });
    const elsewhere = message.replace(wallets.domain, 'evil.example');
    await expect(wallets.link(person.viewer, elsewhere, await wallet.signMessage({ message: elsewhere }))).rejects.toMatchObject({
      details: { reason: 'WRONG_DOMAIN' },
    });
    await expect(wallets.link(other.viewer, message, await wallet.signMessage({ message }))).rejects.toBeInstanceOf(ForbiddenError);
    const later = new Date(Date.now() + 11 * 60 * 1000);
    await expect(wallets.link(person.viewer, message, await wallet.signMessage({ message }), later)).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await expect(wallets.challenge(person.viewer, '0x1234')).rejects.toMatchObject({ details: { field: 'address' } });

    await wallets.link(person.viewer, message, await wallet.signMessage({ message }));
    const again = await wallets.challenge(other.viewer, wallet.address);
    await expect(wallets.link(other.viewer, again, await wallet.signMessage({ message: again }))).rejects.toBeInstanceOf(ConflictError);
  });
});
