import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Viewer } from '../common/auth/viewer.js';
import { UnitOfWork } from '../database/transaction.js';
import { OrganizationsService } from '../identity/organizations.service.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import { FacilitiesRepository } from './facilities.repository.js';
import type { Facility } from './facilities.types.js';
import { parseFacilityInput } from './facility-input.js';
import type { DirectoryFacility } from './import/directories.js';
import { inferCapability } from './machine-kinds/index.js';

// Directory records (fablabs.io, Open Know-Where, Nesta) as facilities. The first import
// makes an organization for each (the importer is its admin until the co-op takes it over);
// a re-import with the same source id updates the profile in place. Materials and build volumes
// the directory does not give are inferred from each machine's kind and model (machine-kinds/).
@Injectable()
export class FacilityImportService {
  constructor(
    private readonly facilities: FacilitiesRepository,
    private readonly organizations: OrganizationsService,
    private readonly outbox: OutboxRepository,
    private readonly uow: UnitOfWork,
  ) {}

  async upsert(viewer: Viewer, record: DirectoryFacility): Promise<'created' | 'updated'> {
    // Validated before any write; an organization id is filled in below.
    const parsed = parseFacilityInput({ ...record.input, organizationId: '' });
    return this.uow.run(async (tx) => {
      const existing = await this.facilities.findBySourceId(tx, record.sourceId);
      // Directories list machines by type, make and model only: what the machine-kind table knows
      // of them is filled in, marked as inferred with its basis.
      const equipment = parsed.equipment.map((e) => ({ ...inferCapability(e), id: randomUUID() }));
      if (existing) {
        await this.facilities.replace(tx, { ...existing, ...parsed.facility, organizationId: existing.organizationId }, equipment);
        return 'updated';
      }
      const orgName = parsed.facility.name.slice(0, 120);
      const org = await this.organizations.createIn(tx, viewer, { name: orgName, kind: 'MAKERSPACE' });
      const facility: Facility = {
        ...parsed.facility,
        organizationId: org.id,
        id: randomUUID(),
        verificationLevel: 'SELF_ASSERTED',
        sourceId: record.sourceId,
        createdAt: new Date(),
      };
      await this.facilities.insert(tx, facility, equipment);
      await this.outbox.append(tx, {
        type: 'facility.registered',
        aggregateType: 'facility',
        aggregateId: facility.id,
        payload: {
          facilityId: facility.id,
          organizationId: org.id,
          actorId: viewer.accountId,
          processes: [...new Set(equipment.map((e) => e.process))],
        },
      });
      return 'created';
    });
  }
}
