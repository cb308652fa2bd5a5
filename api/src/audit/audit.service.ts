import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import type { Viewer } from '../common/auth/viewer.js';
import { InvalidInputError } from '../common/errors/domain-error.js';
import { connectionFromPage, decodeCursor, pageSize, type Connection } from '../common/graphql/connection.js';
import { OrganizationsService } from '../identity/organizations.service.js';
import { AuditRepository, type AuditEntry } from './audit.repository.js';

@Injectable()
export class AuditService {
  constructor(
    private readonly audit: AuditRepository,
    private readonly organizations: OrganizationsService,
    private readonly access: AccessService,
  ) {}

  // An organization's membership history, newest first, for its members.
  async activity(
    viewer: Viewer,
    organizationId: string,
    args: { first?: number | null; after?: string | null },
  ): Promise<Connection<AuditEntry>> {
    const size = pageSize(args.first);
    const before = args.after ? decodeCursor(args.after) : undefined;
    if (before !== undefined && !/^\d+$/.test(before)) {
      throw new InvalidInputError('after', 'The cursor is not valid.', 'INVALID_CURSOR');
    }
    await this.access.require(viewer, 'organization:read-activity', await this.organizations.get(organizationId));
    const [rows, totalCount] = await Promise.all([
      this.audit.pageForOrganization(organizationId, size + 1, before),
      this.audit.countForOrganization(organizationId),
    ]);
    return connectionFromPage(rows, (r) => r.eventId, { size, after: args.after, totalCount });
  }
}
