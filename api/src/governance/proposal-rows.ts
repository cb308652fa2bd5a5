import type { Selectable } from 'kysely';
import { jsonObject, oneOf } from '../database/row-checks.js';
import type { DB } from '../database/sql.js';
import { VERIFICATION_LEVELS } from '../facilities/facilities.types.js';
import { MEMBERSHIP_ROLES } from '../identity/identity.types.js';
import { FUNDS } from '../rewards/policy/policy.js';
import type { MatchingPolicy } from '../matching/reliability/matching-policy.js';
import {
  DECISION_RULES,
  PROPOSAL_KINDS,
  PROPOSAL_STATUSES,
  type PayloadOf,
  type Proposal,
  type ProposalKindName,
  type ProposalPayload,
  type SpendRecipient,
  type Tally,
} from './governance.types.js';

// Reading proposals back: the stored enumerations and JSON columns are checked against the domain
// types. A JSON value keeps its stored keys and their order (GraphQL shows parts of it as JSON).

export type ProposalRow = Selectable<DB['proposals']>;

type JsonRecord = Record<string, unknown>;

const object = (value: unknown, column: string): JsonRecord => jsonObject(typeof value === 'string' ? JSON.parse(value) : value, column);

function text(o: JsonRecord, key: string, column: string): string {
  const value = o[key];
  if (typeof value === 'string') return value;
  throw new Error(`${column}.${key} is not a string`);
}

function count(o: JsonRecord, key: string, column: string): number {
  const value = o[key];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new Error(`${column}.${key} is not a number`);
}

function flag(o: JsonRecord, key: string, column: string): boolean {
  const value = o[key];
  if (typeof value === 'boolean') return value;
  throw new Error(`${column}.${key} is not a boolean`);
}

function spendRecipient(value: unknown, column: string): SpendRecipient {
  const o = object(value, column);
  const kind = oneOf(['FUND', 'AGENT'] as const, text(o, 'kind', column), `${column}.kind`);
  return kind === 'FUND'
    ? { ...o, kind, organizationId: text(o, 'organizationId', column), fund: oneOf(FUNDS, text(o, 'fund', column), `${column}.fund`) }
    : { ...o, kind, did: text(o, 'did', column) };
}

function matchingPolicy(value: unknown, column: string): MatchingPolicy {
  const o = object(value, column);
  const num = (key: string) => {
    if (typeof o[key] !== 'number') throw new Error(`${column}.${key} is not a number`);
    return o[key];
  };
  return {
    windowDays: num('windowDays'),
    windowJobs: num('windowJobs'),
    onTimeTarget: num('onTimeTarget'),
    firstDeliveryTarget: num('firstDeliveryTarget'),
    probationJobs: num('probationJobs'),
    probationMaxQuantity: num('probationMaxQuantity'),
    allowOwnRequests: flag(o, 'allowOwnRequests', column),
  };
}

// What each kind's handler (kinds/<kind>.kind.ts) stores, field by field.
const PAYLOAD_READERS: { [K in ProposalKindName]: (o: JsonRecord, column: string) => PayloadOf<K> } = {
  REWARD_POLICY_CHANGE: (o) => ({ ...o, kind: 'REWARD_POLICY_CHANGE', policy: o.policy }),
  TREASURY_SPEND: (o, c) => ({
    ...o,
    kind: 'TREASURY_SPEND',
    fund: oneOf(FUNDS, text(o, 'fund', c), `${c}.fund`),
    amountMinor: text(o, 'amountMinor', c),
    currency: text(o, 'currency', c),
    recipient: spendRecipient(o.recipient, `${c}.recipient`),
    memo: text(o, 'memo', c),
  }),
  FACILITY_VERIFICATION: (o, c) => ({
    ...o,
    kind: 'FACILITY_VERIFICATION',
    facilityId: text(o, 'facilityId', c),
    level: oneOf(VERIFICATION_LEVELS, text(o, 'level', c), `${c}.level`),
    reason: text(o, 'reason', c),
  }),
  MATCHING_POLICY_CHANGE: (o, c) => ({ ...o, kind: 'MATCHING_POLICY_CHANGE', policy: matchingPolicy(o.policy, `${c}.policy`) }),
  MEMBERSHIP: (o, c) => ({
    ...o,
    kind: 'MEMBERSHIP',
    action: oneOf(['ADMIT', 'REMOVE'] as const, text(o, 'action', c), `${c}.action`),
    // Optional fields stay absent when the kind left them out.
    ...(o.accountId !== undefined && { accountId: text(o, 'accountId', c) }),
    ...(o.organizationId !== undefined && { organizationId: text(o, 'organizationId', c) }),
    ...(o.role !== undefined && { role: oneOf(MEMBERSHIP_ROLES, text(o, 'role', c), `${c}.role`) }),
  }),
  TEXT: (o) => ({ ...o, kind: 'TEXT' }),
};

export function readPayload(kind: ProposalKindName, value: unknown): ProposalPayload {
  const o = object(value, 'proposals.payload');
  if (o.kind !== kind) throw new Error(`proposals.payload is tagged ${JSON.stringify(o.kind)}, not ${kind}`);
  return PAYLOAD_READERS[kind](o, 'proposals.payload');
}

export function readTally(value: unknown): Tally {
  const c = 'proposals.tally';
  const o = object(value, c);
  const counts = object(o.counts, `${c}.counts`);
  const outcome = o.outcome === null ? null : text(o, 'outcome', c);
  return {
    ...o,
    counts: Object.fromEntries(Object.keys(counts).map((option) => [option, count(counts, option, `${c}.counts`)])),
    cast: count(o, 'cast', c),
    quorumNeeded: count(o, 'quorumNeeded', c),
    quorumReached: flag(o, 'quorumReached', c),
    outcome,
    passed: flag(o, 'passed', c),
  };
}

export function toProposal(r: ProposalRow): Proposal {
  const kind = oneOf(PROPOSAL_KINDS, r.kind, 'proposals.kind');
  return {
    id: r.id,
    organizationId: r.organization_id,
    kind,
    title: r.title,
    body: r.body,
    options: r.options,
    decisionRule: oneOf(DECISION_RULES, r.decision_rule, 'proposals.decision_rule'),
    quorumBps: r.quorum_bps,
    payload: readPayload(kind, r.payload),
    electorate: r.electorate,
    votingStartsAt: new Date(r.voting_starts_at),
    votingEndsAt: new Date(r.voting_ends_at),
    status: oneOf(PROPOSAL_STATUSES, r.status, 'proposals.status'),
    tally: r.tally === null ? null : readTally(r.tally),
    quorumReached: r.quorum_reached,
    outcome: r.outcome,
    execution: r.execution === null ? null : object(r.execution, 'proposals.execution'),
    executionError: r.execution_error,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
    closedAt: r.closed_at ? new Date(r.closed_at) : null,
    executedAt: r.executed_at ? new Date(r.executed_at) : null,
  };
}
