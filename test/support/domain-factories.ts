import { randomUUID } from 'node:crypto';
import { CID } from 'multiformats/cid';
import { identity } from 'multiformats/hashes/identity';
import type { AnchorBatch, ContributionRecord } from '../../api/src/contributions/contributions.types.js';
import type { Design, DesignVersion } from '../../api/src/designs/designs.types.js';
import type { Facility } from '../../api/src/facilities/facilities.types.js';
import type { Proposal } from '../../api/src/governance/governance.types.js';
import type { Organization } from '../../api/src/identity/identity.types.js';
import type { FacilityMatch } from '../../api/src/matching/matching.types.js';
import type { Requirement } from '../../api/src/matching/requirements.js';
import type { ProductionJob, ProductionRequest } from '../../api/src/production/production.types.js';
import type { EpochLeaf, RewardDistributor, RewardEpoch, Settlement } from '../../api/src/rewards/rewards.types.js';

// Plain domain objects for unit tests of pure rules and of services over mocked repositories.
// Every field has a sensible default; a test names only what its case is about.

export function aFacility(overrides: Partial<Facility> = {}): Facility {
  return {
    id: randomUUID(),
    organizationId: randomUUID(),
    name: 'Test Fab Lab',
    description: null,
    location: { lat: 52.52, lon: 13.405 },
    address: null,
    city: 'Berlin',
    country: 'DE',
    locationPublic: true,
    facilityStatus: 'ACTIVE',
    accessType: 'PUBLIC',
    openingHours: null,
    certifications: [],
    typicalBatchSize: null,
    contactEmail: null,
    capacityHoursPerWeek: 40,
    verificationLevel: 'SELF_ASSERTED',
    sourceId: null,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}

export function aMatch(overrides: Partial<FacilityMatch> = {}): FacilityMatch {
  return {
    facility: aFacility(),
    distanceKm: 10,
    score: 0.8,
    load: 0,
    eligible: true,
    reasons: ['can make every part'],
    reliability: null,
    ...overrides,
  };
}

export function aRequirement(overrides: Partial<Requirement> = {}): Requirement {
  return { key: 'p1', label: 'Bracket', process: 'FDM', quantityPerUnit: 1, ...overrides };
}

export function aRequest(overrides: Partial<ProductionRequest> = {}): ProductionRequest {
  return {
    id: randomUUID(),
    requesterAccountId: randomUUID(),
    requesterOrganizationId: null,
    designVersionId: randomUUID(),
    quantity: 1,
    location: { lat: 52.52, lon: 13.405 },
    address: null,
    radiusKm: 50,
    dueDate: new Date(Date.now() + 14 * 86_400_000),
    budget: null,
    split: false,
    note: null,
    cancelledAt: null,
    createdAt: new Date(),
    ...overrides,
  };
}

export function aJob(overrides: Partial<ProductionJob> = {}): ProductionJob {
  return {
    id: randomUUID(),
    requestId: randomUUID(),
    lineKey: 'whole',
    role: 'WHOLE',
    label: 'Test design',
    requirement: null,
    quantity: 1,
    estimatedHours: 1,
    status: 'OPEN',
    proposedFacilityId: null,
    facilityId: null,
    claimedBy: null,
    claimedAt: null,
    claimExpiresAt: null,
    claimSeq: 0,
    evidenceCids: [],
    updatedAt: new Date(),
    ...overrides,
  };
}

export function anOrganization(overrides: Partial<Organization> = {}): Organization {
  return {
    id: randomUUID(),
    name: 'Test Cooperative',
    handle: 'test_cooperative',
    kind: 'COOPERATIVE',
    did: 'did:key:z6MkTestOrganization',
    createdAt: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}

// A distinct 32-byte hex value (a root digest, a transaction or block hash).
export function aHash(): `0x${string}` {
  return `0x${randomUUID().replaceAll('-', '').repeat(2)}`;
}

// A batch just cut from waiting records: nothing signed or sent yet.
export function anAnchorBatch(overrides: Partial<AnchorBatch> = {}): AnchorBatch {
  return {
    id: randomUUID(),
    rootCid: aCid(),
    rootDigest: aHash(),
    numRecords: 2,
    status: 'PROCESSING',
    chainId: 31337,
    contractAddress: null,
    txHash: null,
    rawTx: null,
    txNonce: null,
    blockNumber: null,
    blockHash: null,
    blockTimestamp: null,
    attempts: 0,
    lastError: null,
    nextAttemptAt: null,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    anchoredAt: null,
    ...overrides,
  };
}

// A valid, distinct CID (an identity hash of a fresh id; nothing is stored under it).
export function aCid(codec = 0x71): string {
  return CID.createV1(codec, identity.digest(new TextEncoder().encode(randomUUID()))).toString();
}

export function aDesign(overrides: Partial<Design> = {}): Design {
  return {
    id: randomUUID(),
    ownerAccountId: randomUUID(),
    ownerOrganizationId: null,
    title: 'Test design',
    createdBy: randomUUID(),
    createdAt: new Date('2026-01-01T00:00:00Z'),
    origin: null,
    ...overrides,
  };
}

// A published version; `licences` also sets the manifest's licence (the class is not derived).
export function aVersion(overrides: Partial<DesignVersion> = {}): DesignVersion {
  const licences = overrides.licences ?? { hardware: 'CERN-OHL-S-2.0' };
  const publishedAt = overrides.publishedAt ?? new Date('2026-01-01T00:00:00Z');
  const title = overrides.title ?? 'Test design';
  const root = aCid(0x70);
  return {
    id: randomUUID(),
    designId: randomUUID(),
    cid: aCid(),
    rootCid: root,
    title,
    versionLabel: null,
    licences,
    licenceClass: 'SHARE_ALIKE',
    manifest: {
      okhv: 'OKH-LOSHv1.0',
      name: title,
      licensor: 'did:key:z6MkTestLicensor',
      license: licences,
      root,
      files: [],
      parts: [],
      bom: [],
      derivativeOf: [],
      publishedAt: publishedAt.toISOString(),
    },
    publishedBy: randomUUID(),
    publishedAt,
    origin: null,
    ...overrides,
  };
}

// An open, non-binding (TEXT) proposal voted yes / no over the next week.
export function aProposal(overrides: Partial<Proposal> = {}): Proposal {
  const now = Date.now();
  return {
    id: randomUUID(),
    organizationId: randomUUID(),
    kind: 'TEXT',
    title: 'Open on Saturdays?',
    body: '',
    options: ['yes', 'no', 'abstain'],
    decisionRule: 'SIMPLE_MAJORITY',
    quorumBps: 5000,
    payload: { kind: 'TEXT' },
    electorate: 4,
    votingStartsAt: new Date(now - 3_600_000),
    votingEndsAt: new Date(now + 7 * 86_400_000),
    status: 'OPEN',
    tally: null,
    quorumReached: null,
    outcome: null,
    execution: null,
    executionError: null,
    createdBy: randomUUID(),
    createdAt: new Date(now - 3_600_000),
    closedAt: null,
    executedAt: null,
    ...overrides,
  };
}

// A hand-recorded contribution waiting for its organization's validations.
export function aContributionRecord(overrides: Partial<ContributionRecord> = {}): ContributionRecord {
  const organizationId = overrides.providerOrganizationId ?? randomUUID();
  return {
    seq: '1',
    id: aCid(0x85),
    payloadCid: aCid(),
    source: `manual:${randomUUID()}`,
    action: 'work',
    providerDid: 'did:key:z6MkTestContributor',
    providerAccountId: randomUUID(),
    providerOrganizationId: organizationId,
    receiverDid: null,
    subject: `urn:cosmolocal:organization:${organizationId}`,
    designId: null,
    designVersionCid: null,
    jobId: null,
    effortHours: '2',
    note: 'Wrote the assembly guide',
    evidenceCids: [],
    occurredAt: new Date('2026-01-01T00:00:00Z'),
    previousId: null,
    chainId: aCid(0x85),
    signers: ['did:key:z6MkTestContributor'],
    validation: 'PENDING',
    validationsRequired: 2,
    status: 'PENDING',
    batchId: null,
    merklePath: null,
    proofCid: null,
    ceramicStreamId: null,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}

// A payment recorded on a job and not distributed yet (the platform's default policy).
export function aSettlement(overrides: Partial<Settlement> = {}): Settlement {
  return {
    id: randomUUID(),
    jobId: randomUUID(),
    organizationId: randomUUID(),
    payerAccountId: randomUUID(),
    amountMinor: 10_000n,
    currency: 'EUR',
    policyVersion: 0,
    status: 'PENDING',
    transactionId: null,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    distributedAt: null,
    inputsAsOf: null,
    ...overrides,
  };
}

export function aDistributor(overrides: Partial<RewardDistributor> = {}): RewardDistributor {
  return {
    chainId: 31337,
    address: '0x5fbdb2315678afecb367f032d93f642f64180aa3',
    token: '0xe7f1725e7734ce288f8367e1bb143e90bb3f0512',
    publisher: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266',
    deployedBlock: 1n,
    genesisHash: null,
    ...overrides,
  };
}

// A built epoch of one leaf, not published yet; token units at 18 decimals for a 2-digit currency.
export function anEpoch(overrides: Partial<RewardEpoch> = {}): RewardEpoch {
  const d = aDistributor();
  return {
    id: randomUUID(),
    chainId: d.chainId,
    distributor: d.address,
    number: 1,
    token: d.token,
    tokenDecimals: 18,
    currency: 'EUR',
    root: `0x${'ab'.repeat(32)}`,
    leaves: 1,
    totalMinor: 500n,
    totalUnits: 500n * 10n ** 16n,
    ledgerTransactionId: randomUUID(),
    builtAtBlock: 10n,
    status: 'BUILT',
    txHash: null,
    rawTx: null,
    blockNumber: null,
    publishedAt: null,
    attempts: 0,
    lastError: null,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}

export function aLeaf(overrides: Partial<EpochLeaf> = {}): EpochLeaf {
  return {
    epochId: randomUUID(),
    leaf: 0,
    accountId: randomUUID(),
    ledgerAccountId: randomUUID(),
    address: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
    amountMinor: 500n,
    amountUnits: 500n * 10n ** 16n,
    proof: [],
    claimTx: null,
    claimedAt: null,
    ...overrides,
  };
}
