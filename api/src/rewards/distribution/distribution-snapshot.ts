import { oneOf, present } from '../../database/row-checks.js';
import { CONTRIBUTION_ACTIONS } from '../../contributions/record-codec.js';
import { SETTLEMENT_STATUSES, type Settlement } from '../rewards.types.js';
import type { LineageNode, SplitRecord } from './split.js';

// Everything one distribution reads (SplitInputsRepository.snapshot), as the split and the commit use it.
export interface DistributionSnapshot {
  settlement: Pick<
    Settlement,
    'id' | 'jobId' | 'organizationId' | 'payerAccountId' | 'amountMinor' | 'currency' | 'policyVersion' | 'status' | 'createdAt'
  >;
  job: {
    id: string;
    requestId: string;
    lineKey: string;
    role: string;
    quantity: number;
    estimatedHours: number;
    status: string;
    facilityId: string | null;
    facilityOrganizationId: string | null;
    claimSeq: number;
    claimExpiresAt: string | null;
    requesterId: string;
  };
  version: { id: string; cid: string; designId: string };
  asOf: Date;
  payerDid: string;
  coopDid: string;
  records: SplitRecord[];
  validators: Array<{ did: string; recordId: string }>;
  lineage: { root: string; nodes: Map<string, LineageNode> };
  waitingEvents: number;
  effortOnDesign: Map<string, string>;
  totals: Map<string, bigint>;
  latest: { id: string; chainId: string } | null;
}

// The snapshot statement's one row: its JSON columns are built by json_build_object / json_agg in
// the statement, with these keys (amounts and hours as text, so they stay exact; times as JSON text).
export interface SnapshotRow {
  settlement: {
    id: string;
    jobId: string;
    organizationId: string;
    payerAccountId: string;
    amountMinor: string;
    currency: string;
    policyVersion: number;
    status: string;
    createdAt: string;
  };
  job: DistributionSnapshot['job'] | null;
  version: DistributionSnapshot['version'] | null;
  as_of: Date;
  payer_did: string | null;
  coop_did: string | null;
  records: Array<{
    id: string;
    action: string;
    providerDid: string;
    effortHours: string | null;
    validation: string;
    status: string;
    inJob: boolean | null;
  }>;
  validators: Array<{ did: string; recordId: string }>;
  lineage: Array<{ id: string; cid: string; designId: string; did: string; parents: Array<{ cid: string; shareBps: number }> }>;
  waiting: number;
  effort: Record<string, string>;
  totals: Record<string, string>;
  latest: { id: string; chainId: string } | null;
}

export function toSnapshot(r: SnapshotRow): DistributionSnapshot {
  const { settlement } = r;
  // A settlement names its job, the job its request and the request its design version (foreign keys).
  const job = present(r.job, 'production_jobs row of the settlement');
  const version = present(r.version, 'design_versions row of the settlement');
  const nodes = new Map<string, LineageNode>();
  for (const l of r.lineage)
    nodes.set(l.cid, {
      versionCid: l.cid,
      designId: l.designId,
      designerDid: l.did,
      parents: l.parents.map((p) => ({ versionCid: p.cid, shareBps: p.shareBps })),
    });
  return {
    settlement: {
      id: settlement.id,
      jobId: settlement.jobId,
      organizationId: settlement.organizationId,
      payerAccountId: settlement.payerAccountId,
      amountMinor: BigInt(settlement.amountMinor),
      currency: settlement.currency,
      policyVersion: Number(settlement.policyVersion),
      status: oneOf(SETTLEMENT_STATUSES, settlement.status, 'settlements.status'),
      createdAt: new Date(settlement.createdAt),
    },
    job: {
      id: job.id,
      requestId: job.requestId,
      lineKey: job.lineKey,
      role: job.role,
      quantity: Number(job.quantity),
      estimatedHours: Number(job.estimatedHours),
      status: job.status,
      facilityId: job.facilityId ?? null,
      facilityOrganizationId: job.facilityOrganizationId ?? null,
      claimSeq: Number(job.claimSeq),
      claimExpiresAt: job.claimExpiresAt ? new Date(job.claimExpiresAt).toISOString() : null,
      requesterId: job.requesterId,
    },
    version,
    asOf: new Date(r.as_of),
    payerDid: present(r.payer_did, 'accounts.did of the payer'),
    coopDid: present(r.coop_did, 'organizations.did of the co-op'),
    records: r.records.map((x) => ({
      id: x.id,
      action: oneOf(CONTRIBUTION_ACTIONS, x.action, 'contribution_records.action'),
      providerDid: x.providerDid,
      scope: x.inJob ? 'JOB' : 'DESIGN',
      effortHours: x.effortHours ?? null,
      validated: x.validation === 'NOT_REQUIRED' || x.validation === 'APPROVED',
      rejected: x.validation === 'REJECTED',
      anchored: x.status === 'ANCHORED',
    })),
    validators: r.validators,
    lineage: { root: version.cid, nodes },
    waitingEvents: Number(r.waiting),
    effortOnDesign: new Map(Object.entries(r.effort)),
    totals: new Map(Object.entries(r.totals).map(([did, v]) => [did, BigInt(v)])),
    latest: r.latest ?? null,
  };
}
