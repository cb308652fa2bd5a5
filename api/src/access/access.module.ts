import { Module } from '@nestjs/common';
import { AgentDirectory } from '../identity/agent-directory.js';
import { IdentityModule } from '../identity/identity.module.js';
import { OrganizationsService } from '../identity/organizations.service.js';
import { AccessService, MEMBERSHIP_LOOKUP, type MembershipLookup } from './access.service.js';

// Local accounts' facts come from identity; remote actors will bring a lookup of their own.
@Module({
  imports: [IdentityModule],
  providers: [
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
  exports: [AccessService],
})
export class AccessModule {}
