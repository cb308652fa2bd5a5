import { Injectable } from '@nestjs/common';
import type { Tx } from '../../database/transaction.js';
import type { MatchingPolicy } from './matching-policy.js';
import { NO_COUNTS, reliabilityOf, type FacilityReliability } from './reliability.js';
import { ReliabilityRepository } from './reliability.repository.js';

// Facilities' reliability signals and the matching policies they are read under.
@Injectable()
export class ReliabilityService {
  constructor(private readonly repo: ReliabilityRepository) {}

  policyOf(organizationId: string, tx?: Tx): Promise<MatchingPolicy> {
    return this.repo.policyOf(organizationId, tx);
  }

  // A passed MATCHING_POLICY_CHANGE, in the transaction that carries it out.
  setPolicyIn(tx: Tx, organizationId: string, policy: MatchingPolicy, proposalId: string | null): Promise<void> {
    return this.repo.upsertPolicy(tx, organizationId, policy, proposalId);
  }

  // In the order asked; a facility that does not exist reads as one without a record.
  async reliabilityOf(facilityIds: readonly string[], defaults: MatchingPolicy): Promise<FacilityReliability[]> {
    const found = await this.repo.countsOf(facilityIds);
    return facilityIds.map((id) => {
      const f = found.get(id);
      return reliabilityOf(f?.counts ?? NO_COUNTS, f?.policy ?? defaults);
    });
  }
}
