import { Inject, Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import type { Viewer } from '../common/auth/viewer.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { UnitOfWork, type Tx } from '../database/transaction.js';
import { requireText } from '../identity/text.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import { FacilitiesRepository } from './facilities.repository.js';
import { FacilityVerificationRepository } from './facility-verification.repository.js';
import { VERIFICATION_LEVELS, type Facility, type VerificationLevel } from './facilities.types.js';

// The verification ladder. SELF_ASSERTED: what a facility says of itself. PEER_ATTESTED:
// admins of N (config) VERIFIED facilities of other organizations vouched for it.
// VERIFIED: decided by the platform's operators (CLI) or, later, a governance vote.
@Injectable()
export class FacilityVerificationService {
  constructor(
    private readonly facilities: FacilitiesRepository,
    private readonly verification: FacilityVerificationRepository,
    private readonly outbox: OutboxRepository,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async attest(viewer: Viewer, facilityId: string, attesterFacilityId: string, rawStatement: string): Promise<Facility> {
    const statement = requireText('statement', rawStatement, 10, 2000, true);
    const target = await this.require(facilityId);
    const attester = await this.require(attesterFacilityId);
    if (attester.verificationLevel !== 'VERIFIED') throw new ForbiddenError('Only VERIFIED facilities can attest others.');
    await this.access.require(viewer, 'facility:attest-for', attester);
    if (attester.organizationId === target.organizationId) throw new ForbiddenError('An organization cannot attest its own facilities.');
    const needed = this.config.verification.peerAttestationsRequired;
    return this.uow.run(async (tx) => {
      const locked = (await this.verification.lockForVerification(tx, target.id))!;
      await this.verification.insertAttestation(tx, {
        facilityId: target.id,
        attesterOrganizationId: attester.organizationId,
        attesterFacilityId: attester.id,
        attesterAccountId: viewer.accountId,
        statement,
        createdAt: new Date(),
      });
      const count = await this.verification.countAttestations(tx, target.id);
      await this.outbox.append(tx, {
        type: 'facility.attested',
        aggregateType: 'facility',
        aggregateId: target.id,
        payload: {
          facilityId: target.id,
          attesterOrganizationId: attester.organizationId,
          attesterFacilityId: attester.id,
          actorId: viewer.accountId,
          attestations: count,
        },
      });
      if (locked.verificationLevel === 'SELF_ASSERTED' && count >= needed) {
        await this.change(tx, locked, 'PEER_ATTESTED', `attested by ${count} verified facilities`, viewer.accountId);
        return { ...locked, verificationLevel: 'PEER_ATTESTED' as const };
      }
      return locked;
    });
  }

  // For operators and binding governance decisions, not for end users' requests.
  async setLevel(actorAccountId: string | null, facilityId: string, rawLevel: string, rawReason: string): Promise<Facility> {
    if (!(VERIFICATION_LEVELS as readonly string[]).includes(rawLevel))
      throw new InvalidInputError('level', `level must be one of ${VERIFICATION_LEVELS.join(', ')}.`, 'INVALID');
    const reason = requireText('reason', rawReason, 3, 2000, true);
    return this.uow.run((tx) => this.setLevelIn(tx, actorAccountId, facilityId, rawLevel as VerificationLevel, reason));
  }

  // Within the caller's transaction (a passed FACILITY_VERIFICATION proposal's).
  async setLevelIn(tx: Tx, actorAccountId: string | null, facilityId: string, level: VerificationLevel, reason: string): Promise<Facility> {
    const locked = await this.verification.lockForVerification(tx, facilityId);
    if (!locked) throw new NotFoundError('Facility', facilityId);
    if (locked.verificationLevel === level) throw new ConflictError(`The facility is already ${level}.`);
    await this.change(tx, locked, level, reason, actorAccountId);
    return { ...locked, verificationLevel: level };
  }

  async attestationsOf(facilityIds: readonly string[]) {
    return this.verification.attestationsOf(facilityIds);
  }

  async historyOf(facilityIds: readonly string[]) {
    return this.verification.verificationHistoryOf(facilityIds);
  }

  private async require(id: string): Promise<Facility> {
    const f = await this.facilities.findById(id);
    if (!f) throw new NotFoundError('Facility', id);
    return f;
  }

  private async change(tx: Tx, f: Facility, to: VerificationLevel, reason: string, actorId: string | null) {
    await this.verification.setVerificationLevel(tx, { facilityId: f.id, from: f.verificationLevel, to, reason, actorAccountId: actorId });
    await this.outbox.append(tx, {
      type: 'facility.verification-changed',
      aggregateType: 'facility',
      aggregateId: f.id,
      payload: { facilityId: f.id, organizationId: f.organizationId, from: f.verificationLevel, to, reason, actorId },
    });
  }
}
