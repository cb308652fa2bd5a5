import type { INestApplicationContext } from '@nestjs/common';
import { Database } from '../../api/src/database/database.js';
import { FacilitiesService } from '../../api/src/facilities/facilities.service.js';
import { ProposalClosingService } from '../../api/src/governance/proposal-closing.service.js';
import { ProposalsService } from '../../api/src/governance/proposals.service.js';
import type { RequestProductionInput } from '../../api/src/production/production-requests.service.js';
import { ProductionRequestsService } from '../../api/src/production/production-requests.service.js';
import { ProductionJobsService } from '../../api/src/production/production-jobs.service.js';
import { eastOf, newAccount, newDesignVersion, newEvidence, newOrganization, newUpload, remotePoint } from './factories.js';

// Makerspaces, a design with a file of its own, jobs run to delivery, and the members' votes on
// their organization's matching policy: what the fairness and reliability tests share.
export const DESIGN_FILE = { 'cut/panel.svg': '<svg viewBox="0 0 800 500"><rect width="800" height="500"/></svg>' };
const inAWeek = () => new Date(Date.now() + 7 * 24 * 3600 * 1000);

export function fairnessWorld(app: INestApplicationContext) {
  const db = app.get(Database);
  const requests = app.get(ProductionRequestsService);
  const jobs = app.get(ProductionJobsService);

  async function makerspace(at: { lat: number; lon: number }) {
    const admin = await newAccount(app);
    const org = await newOrganization(app, admin.viewer, { kind: 'COOPERATIVE' });
    const facility = await app.get(FacilitiesService).register(admin.viewer, {
      organizationId: org.id,
      name: 'Harbour Makerspace',
      location: at,
      capacityHoursPerWeek: 40,
      equipment: [{ process: 'laser', materials: ['plywood'], buildVolumeMm: { x: 1000, y: 600, z: 30 } }],
    });
    return { admin, org, facility };
  }

  async function world() {
    const home = remotePoint();
    const shop = await makerspace(eastOf(home, 3));
    const requester = await newAccount(app);
    const designer = await newAccount(app);
    const version = await newDesignVersion(app, designer.viewer, {
      title: 'Seed Drawer',
      license: { hardware: 'CERN-OHL-P-2.0' },
      rootCid: (await newUpload(app, DESIGN_FILE)).rootCid,
      parts: [{ id: 'panel', name: 'side panel', process: 'LASER_CUTTING' }],
    });
    const input = (quantity = 2): RequestProductionInput => ({
      designVersionCid: version.cid,
      quantity,
      location: home,
      radiusKm: 30,
      dueDate: inAWeek(),
    });
    return { home, shop, requester, designer, version, input };
  }

  type Shop = Awaited<ReturnType<typeof makerspace>>;
  type Person = Shop['admin'];

  // A request claimed by the shop and taken to IN_PRODUCTION.
  async function inProduction(shop: Shop, requester: Person, input: RequestProductionInput) {
    const request = await requests.request(requester.viewer, input);
    const job = await jobs.claim(shop.admin.viewer, request.id, shop.facility.id);
    await jobs.advance(shop.admin.viewer, job.id, 'IN_PRODUCTION');
    return { request, job };
  }

  // A job made and delivered, late (its due date moved before the delivery) or not, then accepted
  // or disputed first.
  async function delivered(shop: Shop, requester: Person, input: RequestProductionInput, o: { late?: boolean; dispute?: boolean } = {}) {
    const { request, job } = await inProduction(shop, requester, input);
    const qc = await newEvidence(app, shop.admin.viewer, job.id);
    await jobs.advance(shop.admin.viewer, job.id, 'READY', [qc.files[0]!.cid]);
    if (o.late) await db.query(`UPDATE production_requests SET due_date = now() - interval '1 hour' WHERE id = $1`, [request.id]);
    await jobs.advance(shop.admin.viewer, job.id, 'DELIVERED');
    if (o.dispute) await jobs.disputeDelivery(requester.viewer, job.id, 'two panels warped');
    await jobs.acceptDelivery(requester.viewer, job.id);
    return job;
  }

  // A matching policy change the organization's only member proposes and votes through.
  async function voted(admin: Person, organizationId: string, change: Record<string, unknown>) {
    const proposals = app.get(ProposalsService);
    const p = await proposals.create(admin.viewer, {
      organizationId,
      kind: 'MATCHING_POLICY_CHANGE',
      title: 'Our matching policy',
      matchingPolicy: JSON.stringify(change),
      votingEndsAt: new Date(Date.now() + 61_000),
    });
    await proposals.vote(admin.viewer, p.id, 'yes');
    return app.get(ProposalClosingService).close(p.id, new Date(p.votingEndsAt.getTime() + 1000));
  }

  return { db, requests, jobs, makerspace, world, inProduction, delivered, voted };
}
