import { Inject, Injectable } from '@nestjs/common';
import { ChainClient } from '../chain/chain.client.js';
import { checksumAddress, isAddress } from '../chain/address.js';
import { loadViemSiwe } from '../chain/viem.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import type { Viewer } from '../common/auth/viewer.js';
import { ConflictError, ForbiddenError, InvalidInputError } from '../common/errors/domain-error.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { UnitOfWork } from '../database/transaction.js';
import { WalletsRepository, type LinkedWallet } from './wallets.repository.js';

const CHALLENGE_TTL_MS = 10 * 60 * 1000;

// Sign-In with Ethereum (EIP-4361) to prove control of an address before rewards can be claimed
// on chain: a one-time challenge message, signed by the wallet (EOA or ERC-1271 contract), for
// this instance's domain and chain, within ten minutes.
@Injectable()
export class WalletsService {
  constructor(
    private readonly wallets: WalletsRepository,
    private readonly chain: ChainClient,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get domain(): string {
    return this.config.http.publicUrl ? new URL(this.config.http.publicUrl).host : `localhost:${this.config.http.port}`;
  }

  async challenge(viewer: Viewer, rawAddress: string, now = new Date()): Promise<string> {
    if (!isAddress(rawAddress.trim()))
      throw new InvalidInputError('address', `"${rawAddress.slice(0, 60)}" is not an Ethereum address.`, 'INVALID_ADDRESS');
    const { createSiweMessage, generateSiweNonce } = await loadViemSiwe();
    const address = checksumAddress(rawAddress.trim());
    const nonce = generateSiweNonce();
    const expiresAt = new Date(now.getTime() + CHALLENGE_TTL_MS);
    const message = createSiweMessage({
      domain: this.domain,
      address,
      statement: 'Link this wallet to my Cosmolocal account, so my rewards can be claimed to it.',
      uri: this.config.http.publicUrl ?? `http://${this.domain}`,
      version: '1',
      chainId: this.config.chain.chainId ?? 31337,
      nonce,
      issuedAt: now,
      expirationTime: expiresAt,
    });
    await this.wallets.insertChallenge({ nonce, accountId: viewer.accountId, address: address.toLowerCase(), message, expiresAt });
    return message;
  }

  async link(viewer: Viewer, message: string, signature: string, now = new Date()): Promise<LinkedWallet> {
    if (!/^0x[0-9a-fA-F]+$/.test(signature.trim()))
      throw new InvalidInputError('signature', 'The signature is not hex.', 'INVALID_SIGNATURE');
    const { parseSiweMessage } = await loadViemSiwe();
    let parsed: ReturnType<typeof parseSiweMessage>;
    try {
      parsed = parseSiweMessage(message);
    } catch {
      throw new InvalidInputError('message', 'This is not a Sign-In with Ethereum message.', 'INVALID_MESSAGE');
    }
    if (!parsed.nonce || !parsed.address) throw new InvalidInputError('message', 'The message has no nonce or address.', 'INVALID_MESSAGE');
    if (parsed.domain !== this.domain)
      throw new InvalidInputError('message', `The message is for ${parsed.domain}, not ${this.domain}.`, 'WRONG_DOMAIN');
    const verified = await (
      await this.chain.publicClient()
    ).verifySiweMessage({
      message,
      signature: signature.trim() as `0x${string}`,
      domain: this.domain,
      nonce: parsed.nonce,
      time: now,
    });
    if (!verified)
      throw new InvalidInputError(
        'signature',
        'The signature does not match the message and its address (or the message has expired).',
        'BAD_SIGNATURE',
      );
    try {
      return await this.uow.run(async (tx) => {
        const challenge = await this.wallets.lockChallenge(tx, parsed.nonce!);
        if (!challenge || challenge.message !== message)
          throw new InvalidInputError(
            'message',
            'This message was not issued by this instance; ask for a new challenge.',
            'UNKNOWN_CHALLENGE',
          );
        if (challenge.accountId !== viewer.accountId) throw new ForbiddenError('This challenge was issued to another account.');
        if (challenge.usedAt) throw new ConflictError('This challenge was already used; ask for a new one.', { reason: 'CHALLENGE_USED' });
        if (challenge.expiresAt <= now)
          throw new InvalidInputError('message', 'The challenge has expired; ask for a new one.', 'CHALLENGE_EXPIRED');
        const owner = await this.wallets.findByAddress(challenge.address, tx);
        if (owner && owner.accountId !== viewer.accountId)
          throw new ConflictError('This wallet is linked to another account.', { reason: 'WALLET_TAKEN' });
        await this.wallets.useChallenge(tx, parsed.nonce!);
        return this.wallets.upsert(tx, {
          accountId: viewer.accountId,
          address: challenge.address,
          chainId: parsed.chainId ?? this.config.chain.chainId ?? 31337,
        });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError('This wallet is linked to another account.', { reason: 'WALLET_TAKEN' });
      throw err;
    }
  }

  async walletOf(accountId: string): Promise<LinkedWallet | null> {
    return this.wallets.findByAccount(accountId);
  }
}
