import { Module } from '@nestjs/common';
import { AccessService, MEMBERSHIP_LOOKUP, type MembershipLookup } from '../access/access.service.js';

import { ChainModule } from '../chain/chain.module.js';
import { KeysModule } from '../keys/keys.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { AccountsRepository } from './accounts.repository.js';
import { AgentDirectory } from './agent-directory.js';
import { AccountsResolver } from './accounts.resolver.js';
import { AccountsService } from './accounts.service.js';
import { provideLoaders } from '../common/graphql/loaders.js';
import { IdentityLoadersFactory } from './identity.loaders.js';
import { MembershipsResolver } from './memberships.resolver.js';
import { OrganizationsRepository } from './organizations.repository.js';
import { OrganizationsResolver } from './organizations.resolver.js';
import { OrganizationsService } from './organizations.service.js';
import { LoginThrottle } from './login-throttle.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionsRepository } from './sessions.repository.js';
import { TokenService } from './token.service.js';
import { WalletsRepository } from './wallets.repository.js';
import { WalletsResolver } from './wallets.resolver.js';
import { WalletsService } from './wallets.service.js';

// Domain half (services, repositories): shared by the API and the worker. It also provides the
// access service, answering from these memberships (a federation will add a lookup for remote actors).
@Module({
  imports: [KeysModule, OutboxModule, ChainModule],
  providers: [
    AccountsRepository,
    SessionsRepository,
    OrganizationsRepository,
    AccountsService,
    OrganizationsService,
    PasswordHasher,
    TokenService,
    LoginThrottle,
    provideLoaders(IdentityLoadersFactory),
    AgentDirectory,
    WalletsRepository,
    WalletsService,
    AccessService,
    {
      provide: MEMBERSHIP_LOOKUP,
      inject: [OrganizationsService, AgentDirectory],
      useFactory: (organizations: OrganizationsService, agents: AgentDirectory): MembershipLookup => ({
        membershipsOf: (accountId) => organizations.membershipsOfAccount(accountId),
        didOf: async (accountId) => agents.didOfAccount(accountId).catch(() => null),
      }),
    },
  ],
  exports: [AccountsService, OrganizationsService, AgentDirectory, WalletsService, AccessService],
})
export class IdentityModule {}

// GraphQL half: only the API loads resolvers.
@Module({
  imports: [IdentityModule],
  providers: [AccountsResolver, OrganizationsResolver, MembershipsResolver, WalletsResolver],
})
export class IdentityGraphqlModule {}
