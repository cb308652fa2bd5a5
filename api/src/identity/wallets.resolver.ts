import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Authenticated } from '../common/auth/access.decorator.js';
import { RequiredViewer } from '../common/auth/viewer.decorator.js';
import type { Viewer } from '../common/auth/viewer.js';
import { LinkedWalletModel } from './models/wallet.models.js';
import { WalletsService } from './wallets.service.js';

@Resolver(() => LinkedWalletModel)
export class WalletsResolver {
  constructor(private readonly wallets: WalletsService) {}

  @Authenticated()
  @Mutation(() => String, {
    description:
      'A Sign-In with Ethereum (EIP-4361) message for this wallet; sign it with the wallet and pass both to linkWallet within ten minutes.',
  })
  async walletChallenge(@RequiredViewer() viewer: Viewer, @Args('address') address: string): Promise<string> {
    return this.wallets.challenge(viewer, address);
  }

  @Authenticated()
  @Mutation(() => LinkedWalletModel, { description: 'Link the wallet that signed a challenge to your account (replacing any other).' })
  async linkWallet(
    @RequiredViewer() viewer: Viewer,
    @Args('message') message: string,
    @Args('signature') signature: string,
  ): Promise<LinkedWalletModel> {
    return this.wallets.link(viewer, message, signature);
  }

  @Authenticated()
  @Query(() => LinkedWalletModel, {
    nullable: true,
    description: 'Your linked wallet, if any. No one needs a wallet to earn; only to claim on chain.',
  })
  async myWallet(@RequiredViewer() viewer: Viewer): Promise<LinkedWalletModel | null> {
    return this.wallets.walletOf(viewer.accountId);
  }
}
