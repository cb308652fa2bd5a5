import { Injectable } from '@nestjs/common';
import { InvalidInputError } from '../../common/errors/domain-error.js';
import type { Tx } from '../../database/transaction.js';
import { FacilitiesService } from '../../facilities/facilities.service.js';
import { FacilityVerificationService } from '../../facilities/facility-verification.service.js';
import { VERIFICATION_LEVELS, type VerificationLevel } from '../../facilities/facilities.types.js';
import { requireText } from '../../identity/text.js';
import { GovernanceRepository } from '../governance.repository.js';
import type { PayloadOf } from '../governance.types.js';
import {
  withoutKind,
  type CreateProposalInput,
  type ProposalDescription,
  type ProposalKind,
  type ProposalOf,
  type ProposalTarget,
} from './proposal-kind.js';

declare module '../governance.types.js' {
  interface ProposalPayloads {
    FACILITY_VERIFICATION: { facilityId: string; level: VerificationLevel; reason: string };
  }
}

// A federation sets a member organization's facility's verification level: peers vouch, the
// facility's own organization cannot.
@Injectable()
export class FacilityVerificationKind implements ProposalKind<'FACILITY_VERIFICATION'> {
  readonly name = 'FACILITY_VERIFICATION';
  readonly binding = true;
  readonly treasurerApprovals = false;

  constructor(
    private readonly repo: GovernanceRepository,
    private readonly facilities: FacilitiesService,
    private readonly verification: FacilityVerificationService,
  ) {}

  async parse(input: CreateProposalInput, target: ProposalTarget): Promise<PayloadOf<'FACILITY_VERIFICATION'>> {
    const f = input.facility;
    if (!f) throw new InvalidInputError('facility', 'A verification proposal names the facility and the level.', 'REQUIRED');
    if (!target.federation)
      throw new InvalidInputError(
        'kind',
        'Facilities are verified by a federation of their peers, not by their own organization.',
        'FEDERATION_ONLY',
      );
    if (!(VERIFICATION_LEVELS as readonly string[]).includes(f.level))
      throw new InvalidInputError('facility.level', `level is one of ${VERIFICATION_LEVELS.join(', ')}.`);
    const facility = await this.facilities.get(f.facilityId);
    if (!(await this.repo.federationMembers(target.organizationId)).includes(facility.organizationId))
      throw new InvalidInputError(
        'facility.facilityId',
        'The facility belongs to no member organization of this federation.',
        'NOT_A_MEMBER',
      );
    if (facility.verificationLevel === f.level)
      throw new InvalidInputError('facility.level', `The facility is already ${f.level}.`, 'UNCHANGED');
    return {
      kind: 'FACILITY_VERIFICATION',
      facilityId: facility.id,
      level: f.level as VerificationLevel,
      reason: requireText('facility.reason', f.reason ?? '', 3, 2000, true),
    };
  }

  async execute(tx: Tx, p: ProposalOf<'FACILITY_VERIFICATION'>): Promise<Record<string, unknown>> {
    const { facilityId, level, reason } = p.payload;
    await this.verification.setLevelIn(tx, null, facilityId, level, `${reason} (proposal ${p.id})`);
    return { facilityId, level };
  }

  describe(payload: PayloadOf<'FACILITY_VERIFICATION'>): ProposalDescription {
    return { details: withoutKind(payload) };
  }
}
