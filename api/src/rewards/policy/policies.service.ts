import { Injectable } from '@nestjs/common';
import { InvalidInputError, NotFoundError } from '../../common/errors/domain-error.js';
import type { Tx } from '../../database/transaction.js';
import { OrganizationsService } from '../../identity/organizations.service.js';
import { OutboxRepository } from '../../outbox/outbox.repository.js';
import { DEFAULT_POLICY, parsePolicy, type RewardPolicy } from './policy.js';
import { PoliciesRepository } from './policies.repository.js';

// Organizations' reward policies (their value equations): the one in force, each stored version
// (parsed once), and a new version activated by a passed proposal.
@Injectable()
export class PoliciesService {
  private readonly policies = new Map<string, RewardPolicy>();
  constructor(
    private readonly policyRows: PoliciesRepository,
    private readonly organizations: OrganizationsService,
    private readonly outbox: OutboxRepository,
  ) {}

  async policyOf(organizationId: string): Promise<{ version: number; policy: RewardPolicy; spec: unknown; isDefault: boolean }> {
    await this.organizations.get(organizationId);
    const active = await this.policyRows.activePolicy(organizationId);
    return active
      ? { version: active.version, policy: parsePolicy(active.spec), spec: active.spec, isDefault: false }
      : { version: 0, policy: DEFAULT_POLICY, spec: DEFAULT_SPEC, isDefault: true };
  }

  // A version never changes once stored (a change is a new version), so each is parsed once.
  async policyVersion(organizationId: string, version: number): Promise<RewardPolicy> {
    if (version === 0) return DEFAULT_POLICY;
    const key = `${organizationId}:${version}`;
    const cached = this.policies.get(key);
    if (cached) return cached;
    const spec = await this.policyRows.policy(organizationId, version);
    if (!spec) throw new NotFoundError('RewardPolicy', `${organizationId} v${version}`);
    const policy = parsePolicy(spec);
    if (this.policies.size >= 1000) this.policies.clear();
    this.policies.set(key, policy);
    return policy;
  }

  // A policy as data, checked: the JSON a proposal carries (typed errors name the field).
  parsePolicySpec(specJson: string): { spec: unknown; policy: RewardPolicy } {
    let spec: unknown;
    try {
      spec = JSON.parse(specJson);
    } catch {
      throw new InvalidInputError('policy', 'The policy is not valid JSON.', 'INVALID_JSON');
    }
    return { spec, policy: parsePolicy(spec) };
  }

  // A new version of the organization's value equation, in force for payments recorded from now
  // on: only a passed REWARD_POLICY_CHANGE proposal does this (in the transaction that executes it).
  async activatePolicyIn(tx: Tx, organizationId: string, spec: unknown, createdBy: string | null): Promise<number> {
    parsePolicy(spec);
    const version = await this.policyRows.insertPolicy(tx, { organizationId, spec, createdBy, activate: true });
    await this.outbox.append(tx, {
      type: 'rewards.policy-activated',
      aggregateType: 'organization',
      aggregateId: organizationId,
      payload: { organizationId, version, actorId: createdBy },
    });
    return version;
  }
}

export const DEFAULT_SPEC = {
  buckets: DEFAULT_POLICY.buckets,
  lineage: { ...DEFAULT_POLICY.lineage, floorMinor: DEFAULT_POLICY.lineage.floorMinor.toString() },
  cap: DEFAULT_POLICY.cap && {
    ...DEFAULT_POLICY.cap,
    perHourMinor: DEFAULT_POLICY.cap.perHourMinor.toString(),
    minimumBasisMinor: DEFAULT_POLICY.cap.minimumBasisMinor.toString(),
  },
  defaultHours: DEFAULT_POLICY.defaultHours,
};
