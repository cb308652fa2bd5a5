import { Args, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Authenticated } from '../common/auth/access.decorator.js';
import { RequiredViewer } from '../common/auth/viewer.decorator.js';
import type { Viewer } from '../common/auth/viewer.js';
import type { Connection } from '../common/graphql/connection.js';
import { MembershipRoleGql, OrganizationModel } from '../identity/models/identity.models.js';
import { AuditService } from './audit.service.js';
import { ActivityConnection, ActivityEntryModel } from './models/audit.models.js';

@Resolver(() => OrganizationModel)
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Authenticated()
  @ResolveField(() => ActivityConnection, { description: 'Membership history, newest first (members only).' })
  async activity(
    @Parent() org: OrganizationModel,
    @RequiredViewer() viewer: Viewer,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<Connection<ActivityEntryModel>> {
    const page = await this.audit.activity(viewer, org.id, { first, after });
    return {
      ...page,
      edges: page.edges.map((e) => ({
        cursor: e.cursor,
        node: Object.assign(new ActivityEntryModel(), {
          id: e.node.eventId,
          action: e.node.action,
          actorId: e.node.actorId,
          subjectId: e.node.subjectId,
          role: (e.node.details.role as MembershipRoleGql | undefined) ?? null,
          occurredAt: e.node.occurredAt,
        }),
      })),
    };
  }
}
