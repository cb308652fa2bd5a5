import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { graphqlEnum } from '../../common/graphql/enums.js';
import { ANCHOR_STATUSES, type AnchorStatus, VALIDATION_STATES, type ValidationState } from '../contributions.types.js';
import { Connection } from '../../common/graphql/connection.js';

export const AnchorStatusGql = graphqlEnum(ANCHOR_STATUSES, {
  name: 'AnchorStatus',
  description:
    'PENDING: waiting for a batch. PROCESSING: in a batch being anchored. ANCHORED: on chain with a proof. FAILED: the last attempt failed (see lastError; retried). REPLACED: the anchoring block was reorganised away; anchoring again.',
});
export type AnchorStatusGql = AnchorStatus;

export const ValidationStateGql = graphqlEnum(VALIDATION_STATES, {
  name: 'ValidationState',
  description: 'Captured records need no validation; records submitted by hand count once enough peers approve.',
});
export type ValidationStateGql = ValidationState;

@ObjectType('Agent', { description: 'An account, an organization, or a DID this instance does not know.' })
export class AgentModel {
  @Field() did: string;
  @Field({ description: 'ACCOUNT, ORGANIZATION or EXTERNAL.' }) kind: string;
  @Field(() => ID, { nullable: true }) id: string | null;
  @Field(() => String, { nullable: true }) name: string | null;
}

@ObjectType('ContributionAnchor')
export class ContributionAnchorModel {
  @Field(() => AnchorStatusGql) status: AnchorStatusGql;
  @Field(() => Int, { nullable: true }) chainId: number | null;
  @Field(() => String, { nullable: true, description: 'The AnchorRegistry contract.' }) contract: string | null;
  @Field(() => String, { nullable: true }) txHash: string | null;
  @Field(() => String, { nullable: true, description: 'Decimal block number.' }) blockNumber: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) blockTimestamp: Date | null;
  @Field(() => String, { nullable: true, description: 'CID of the batch’s Merkle root (the chain stores its sha256 digest).' }) root:
    string | null;
  @Field(() => String, { nullable: true, description: 'Path from the root to this record, e.g. 0/1/1.' }) path: string | null;
  @Field(() => String, { nullable: true, description: 'CID of the time event { id, prev, proof, path }.' }) proofCid: string | null;
  @Field(() => Int) attempts: number;
  @Field(() => String, { nullable: true }) lastError: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) nextAttemptAt: Date | null;
}

@ObjectType('ContributionValidation')
export class ContributionValidationModel {
  @Field(() => ValidationStateGql) state: ValidationStateGql;
  @Field(() => Int) required: number;
  @Field(() => Int) approvals: number;
  @Field(() => Int) rejections: number;
}

@ObjectType('ContributionRecord', { description: 'A signed Valueflows economic event; its id is the CID of its DAG-JOSE envelope.' })
export class ContributionRecordModel {
  @Field() id: string;
  @Field({ description: 'The same as id: the envelope’s CID.' }) cid: string;
  @Field() payloadCid: string;
  @Field() action: string;
  @Field() agentDid: string;
  @Field(() => String, { nullable: true }) receiverDid: string | null;
  @Field() subject: string;
  @Field(() => ID, { nullable: true }) designId: string | null;
  @Field(() => String, { nullable: true }) designVersionCid: string | null;
  @Field(() => ID, { nullable: true }) jobId: string | null;
  @Field(() => ID, { nullable: true }) organizationId: string | null;
  @Field(() => String, { nullable: true, description: 'Hours, a decimal string.' }) effortHours: string | null;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => [String]) evidenceCids: string[];
  @Field(() => GraphQLISODateTime) occurredAt: Date;
  @Field(() => String, { nullable: true, description: 'The previous record of the same subject.' }) previous: string | null;
  @Field(() => [String], { description: 'DIDs that signed the envelope.' }) signers: string[];
  @Field(() => AnchorStatusGql) status: AnchorStatusGql;
  @Field(() => GraphQLISODateTime) recordedAt: Date;
  @Field(() => String, {
    nullable: true,
    description: 'The Ceramic stream mirroring this record, when this instance publishes to Ceramic.',
  })
  ceramicStreamId: string | null;
  // Resolved by field resolvers: agent, receiver, anchor, validation.
  batchId: string | null;
  merklePath: string | null;
  proofCid: string | null;
  validationState: ValidationStateGql;
  validationsRequired: number;
}

@ObjectType('ContributionConnection')
export class ContributionConnection extends Connection(ContributionRecordModel, 'Contribution') {}

@ObjectType('ContributionVerification')
export class ContributionVerificationModel {
  @Field() valid: boolean;
  @Field(() => String, {
    nullable: true,
    description: 'Why it failed, e.g. BAD_SIGNATURE, PAYLOAD_MISMATCH, LEAF_MISMATCH, ROOT_NOT_ON_CHAIN, NOT_ANCHORED.',
  })
  reason: string | null;
  @Field() message: string;
  @Field(() => String, { nullable: true, description: 'The first DID whose signature verified.' }) signer: string | null;
  @Field(() => [String]) signers: string[];
  @Field(() => String, { nullable: true }) root: string | null;
  @Field(() => String, { nullable: true }) path: string | null;
  @Field(() => Int, { nullable: true }) chainId: number | null;
  @Field(() => String, { nullable: true }) contract: string | null;
  @Field(() => String, { nullable: true }) txHash: string | null;
  @Field(() => String, { nullable: true }) blockNumber: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) blockTimestamp: Date | null;
  @Field(() => String, { nullable: true }) confirmations: string | null;
}

@ObjectType('ContributionExport', { description: 'A CAR (base64) with the record and its proof blocks, for cosmolocal verify --car.' })
export class ContributionExportModel {
  @Field(() => [String], { description: 'The record, then its time event when anchored.' }) roots: string[];
  @Field() carBase64: string;
  @Field(() => Int) bytes: number;
}

@ObjectType('ContributionActionCount')
export class ContributionActionCountModel {
  @Field() action: string;
  @Field(() => Int) records: number;
  @Field() effortHours: string;
}

@ObjectType('ContributionStatusCount')
export class ContributionStatusCountModel {
  @Field(() => AnchorStatusGql) status: AnchorStatusGql;
  @Field(() => Int) records: number;
}

@ObjectType('ContributionSummary')
export class ContributionSummaryModel {
  @Field() agentDid: string;
  @Field(() => Int) records: number;
  @Field(() => Int, { description: 'Captured, or validated by peers.' }) countedForRewards: number;
  @Field(() => [ContributionActionCountModel]) byAction: ContributionActionCountModel[];
  @Field(() => [ContributionStatusCountModel]) byStatus: ContributionStatusCountModel[];
}
