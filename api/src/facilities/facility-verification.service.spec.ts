import { aFacility } from '../../../test/support/domain-factories.js';
import { fakeUnitOfWork, mock } from '../../../test/support/unit.js';
import { AccessService, type MembershipLookup } from '../access/access.service.js';
import type { Role } from '../access/principal.js';
import type { Viewer } from '../common/auth/viewer.js';
import { ConflictError, ForbiddenError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/config.js';
import type { OutboxRepository } from '../outbox/outbox.repository.js';
import type { FacilitiesRepository } from './facilities.repository.js';
import type { FacilityVerificationRepository } from './facility-verification.repository.js';
import type { Facility } from './facilities.types.js';
import { FacilityVerificationService } from './facility-verification.service.js';

const VIEWER: Viewer = { accountId: '4c2e8a1b-7d3f-4e5a-9b6c-1d2e3f4a5b6c' };
const STATEMENT = 'We visited and printed a test part there.';
const target = aFacility({ verificationLevel: 'SELF_ASSERTED' });
const attester = aFacility({ verificationLevel: 'VERIFIED' });

function setup(memberships: Array<{ organizationId: string; role: Role }>, attestations = 1, required = 2) {
  const facilities = mock<FacilitiesRepository>();
  const verification = mock<FacilityVerificationRepository>();
  const outbox = mock<OutboxRepository>();
  const lookup = mock<MembershipLookup>();
  lookup.membershipsOf.mockResolvedValue(memberships);
  const { uow, runs } = fakeUnitOfWork();
  const byId = new Map<string, Facility>([target, attester].map((f) => [f.id, f]));
  facilities.findById.mockImplementation(async (id) => byId.get(id) ?? null);
  verification.lockForVerification.mockImplementation(async (_tx, id) => byId.get(id) ?? null);
  verification.countAttestations.mockResolvedValue(attestations);
  const config = { verification: { peerAttestationsRequired: required } } as AppConfig;
  const service = new FacilityVerificationService(facilities, verification, outbox, uow, new AccessService(lookup), config);
  return { service, facilities, verification, outbox, runs };
}

type Setup = ReturnType<typeof setup>;
function expectNothingWritten(t: Setup) {
  expect(t.runs()).toBe(0);
  expect(t.verification.insertAttestation).not.toHaveBeenCalled();
  expect(t.verification.setVerificationLevel).not.toHaveBeenCalled();
  expect(t.outbox.append).not.toHaveBeenCalled();
}
const ADMIN_OF_ATTESTER = [{ organizationId: attester.organizationId, role: 'ADMIN' as const }];

describe('FacilityVerificationService.attest', () => {
  it('records the attestation of an admin of a verified facility; the level stays below the threshold', async () => {
    const t = setup(ADMIN_OF_ATTESTER, 1, 2);
    const result = await t.service.attest(VIEWER, target.id, attester.id, STATEMENT);
    expect(t.verification.insertAttestation).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({
        facilityId: target.id,
        attesterFacilityId: attester.id,
        attesterOrganizationId: attester.organizationId,
        attesterAccountId: VIEWER.accountId,
        statement: STATEMENT,
      }),
    );
    expect(t.outbox.append).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ type: 'facility.attested', payload: expect.objectContaining({ attestations: 1 }) }),
    );
    expect(t.verification.setVerificationLevel).not.toHaveBeenCalled();
    expect(result.verificationLevel).toBe('SELF_ASSERTED');
  });

  it('raises a self-asserted facility to PEER_ATTESTED at the threshold', async () => {
    const t = setup(ADMIN_OF_ATTESTER, 2, 2);
    const result = await t.service.attest(VIEWER, target.id, attester.id, STATEMENT);
    expect(result.verificationLevel).toBe('PEER_ATTESTED');
    expect(t.verification.setVerificationLevel).toHaveBeenCalledWith(expect.anything(), {
      facilityId: target.id,
      from: 'SELF_ASSERTED',
      to: 'PEER_ATTESTED',
      reason: 'attested by 2 verified facilities',
      actorAccountId: VIEWER.accountId,
    });
    expect(t.outbox.append.mock.calls.map(([, e]) => e.type)).toEqual(['facility.attested', 'facility.verification-changed']);
  });

  it.each([
    ['a member who is not an admin of the attesting facility', [{ organizationId: attester.organizationId, role: 'MEMBER' as const }]],
    ['an admin of the attested facility only', [{ organizationId: target.organizationId, role: 'ADMIN' as const }]],
  ])('refuses %s, and writes nothing', async (_who, memberships) => {
    const t = setup(memberships);
    await expect(t.service.attest(VIEWER, target.id, attester.id, STATEMENT)).rejects.toBeInstanceOf(ForbiddenError);
    expectNothingWritten(t);
  });

  it('refuses a facility that is not verified itself', async () => {
    const t = setup([{ organizationId: target.organizationId, role: 'ADMIN' }]);
    await expect(t.service.attest(VIEWER, attester.id, target.id, STATEMENT)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'Only VERIFIED facilities can attest others.',
    });
    expectNothingWritten(t);
  });

  it('refuses an organization attesting its own facility', async () => {
    const own = aFacility({ organizationId: attester.organizationId });
    const t = setup(ADMIN_OF_ATTESTER);
    t.facilities.findById.mockImplementation(async (id) => (id === own.id ? own : id === attester.id ? attester : null));
    await expect(t.service.attest(VIEWER, own.id, attester.id, STATEMENT)).rejects.toMatchObject({
      message: 'An organization cannot attest its own facilities.',
    });
    expectNothingWritten(t);
  });

  it('refuses a statement too short to say anything, before any lookup', async () => {
    const t = setup(ADMIN_OF_ATTESTER);
    await expect(t.service.attest(VIEWER, target.id, attester.id, 'ok')).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'statement',
    });
    expect(t.facilities.findById).not.toHaveBeenCalled();
    expectNothingWritten(t);
  });
});

describe('FacilityVerificationService.setLevel', () => {
  it('changes the level with its reason and announces it', async () => {
    const t = setup([]);
    const result = await t.service.setLevel(null, target.id, 'VERIFIED', 'site visit by the operators');
    expect(result.verificationLevel).toBe('VERIFIED');
    expect(t.verification.setVerificationLevel).toHaveBeenCalledWith(expect.anything(), {
      facilityId: target.id,
      from: 'SELF_ASSERTED',
      to: 'VERIFIED',
      reason: 'site visit by the operators',
      actorAccountId: null,
    });
  });

  it('refuses the level the facility already has as a conflict, and writes nothing', async () => {
    const t = setup([]);
    await expect(t.service.setLevel(null, attester.id, 'VERIFIED', 'again')).rejects.toBeInstanceOf(ConflictError);
    expect(t.verification.setVerificationLevel).not.toHaveBeenCalled();
    expect(t.outbox.append).not.toHaveBeenCalled();
  });

  it('refuses an unknown level before opening a transaction', async () => {
    const t = setup([]);
    await expect(t.service.setLevel(null, target.id, 'TRUSTED', 'because')).rejects.toMatchObject({ field: 'level', reason: 'INVALID' });
    expectNothingWritten(t);
  });

  it('refuses an unknown facility as not found', async () => {
    const t = setup([]);
    await expect(t.service.setLevel(null, 'missing', 'VERIFIED', 'because')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      entity: 'Facility',
    });
    expect(t.verification.setVerificationLevel).not.toHaveBeenCalled();
  });
});
