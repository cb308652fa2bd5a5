import type { ContributionAction } from './record-codec.js';

// Where a record stands on its way to the chain.
export const ANCHOR_STATUSES = ['PENDING', 'PROCESSING', 'ANCHORED', 'FAILED', 'REPLACED'] as const;
export type AnchorStatus = (typeof ANCHOR_STATUSES)[number];

// Records captured from platform events need no validation; records submitted by hand count
// for rewards only once enough members of the organization approve them.
export const VALIDATION_STATES = ['NOT_REQUIRED', 'PENDING', 'APPROVED', 'REJECTED'] as const;
export type ValidationState = (typeof VALIDATION_STATES)[number];

export interface ContributionRecord {
  seq: string;
  id: string; // envelope CID
  payloadCid: string;
  source: string; // idempotency key: event:<outbox id>:<n> or manual:<uuid>
  action: ContributionAction;
  providerDid: string;
  providerAccountId: string | null;
  providerOrganizationId: string | null;
  receiverDid: string | null;
  subject: string;
  designId: string | null;
  designVersionCid: string | null;
  jobId: string | null;
  effortHours: string | null; // decimal string
  note: string | null;
  evidenceCids: string[];
  occurredAt: Date;
  previousId: string | null;
  chainId: string; // the first record of the subject's chain (the time event's `id`)
  signers: string[];
  validation: ValidationState;
  validationsRequired: number;
  status: AnchorStatus;
  batchId: string | null;
  merklePath: string | null;
  proofCid: string | null;
  ceramicStreamId: string | null;
  createdAt: Date;
}

export type NewContributionRecord = Omit<
  ContributionRecord,
  'seq' | 'status' | 'batchId' | 'merklePath' | 'proofCid' | 'ceramicStreamId' | 'createdAt' | 'previousId' | 'chainId'
>;

export const BATCH_STATUSES = ['PROCESSING', 'SUBMITTED', 'ANCHORED', 'FAILED', 'REPLACED'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export interface AnchorBatch {
  id: string;
  rootCid: string;
  rootDigest: `0x${string}`;
  numRecords: number;
  status: BatchStatus;
  chainId: number;
  contractAddress: `0x${string}` | null; // set when the anchor transaction is signed
  txHash: `0x${string}` | null;
  rawTx: `0x${string}` | null;
  txNonce: number | null;
  blockNumber: bigint | null;
  blockHash: `0x${string}` | null;
  blockTimestamp: Date | null;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
  anchoredAt: Date | null;
}

export interface ContributionValidation {
  recordId: string;
  accountId: string;
  approve: boolean;
  at: Date;
  answerRecordId: string | null; // the validator's signed answer (null only on rows older than signed answers)
}

export interface ContributionFilter {
  agentDid?: string;
  organizationId?: string;
  designId?: string;
  jobId?: string;
  action?: ContributionAction;
  status?: AnchorStatus;
}

export const subjectOfJob = (jobId: string) => `urn:cosmolocal:job:${jobId}`;
// A Valueflows commitment (a subcontract of lent machine-hours), which a work record fulfils.
export const subjectOfCommitment = (subcontractId: string) => `urn:cosmolocal:commitment:${subcontractId}`;
export const subjectOfDesign = (designId: string) => `urn:cosmolocal:design:${designId}`;
export const subjectOfOrganization = (organizationId: string) => `urn:cosmolocal:organization:${organizationId}`;
// Peers' signed answers on a hand-recorded contribution are about the record itself.
export const subjectOfRecord = (recordId: string) => `urn:cosmolocal:record:${recordId}`;
