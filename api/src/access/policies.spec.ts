import { EXPECTED, RELATIONSHIPS, resources, type Relationship, type World } from '../../../test/support/access-matrix.js';
import { ForbiddenError } from '../common/errors/domain-error.js';
import { AccessService, type MembershipLookup } from './access.service.js';
import { PERMISSION_NAMES, PERMISSIONS, type Permission } from './permissions.js';
import { decide, jobRelations } from './policies.js';
import { subjectOf, type Principal, type Role, type Subject } from './principal.js';

const world: World = {
  org: 'org',
  federationMember: 'fed-member',
  requesting: 'requesting',
  named: 'named',
  recipientDid: 'did:key:z6Mkrecipient',
};
const all = resources(world);

function subject(rel: Relationship): Subject {
  const account = (
    id: string,
    memberships: Array<{ organizationId: string; role: Role }> = [],
    did: string | null = `did:key:${id}`,
  ): Subject => subjectOf({ kind: 'account', accountId: id }, memberships, did);
  switch (rel) {
    case 'anonymous':
      return subjectOf({ kind: 'anonymous' }, []);
    case 'stranger':
      return account('stranger');
    case 'member':
      return account('m', [{ organizationId: world.org, role: 'MEMBER' }]);
    case 'admin':
      return account('a', [{ organizationId: world.org, role: 'ADMIN' }]);
    case 'treasurer':
      return account('t', [{ organizationId: world.org, role: 'TREASURER' }]);
    case 'federation admin':
      return account('fa', [{ organizationId: world.federationMember, role: 'ADMIN' }]);
    case 'federation member':
      return account('fm', [{ organizationId: world.federationMember, role: 'MEMBER' }]);
    case 'named account':
      return account(world.named);
    case 'requesting admin':
      return account('ra', [{ organizationId: world.requesting, role: 'ADMIN' }]);
    case 'requesting member':
      return account('rm', [{ organizationId: world.requesting, role: 'MEMBER' }]);
    case 'requesting treasurer':
      return account('rt', [{ organizationId: world.requesting, role: 'TREASURER' }]);
    case 'recipient':
      return account('r', [], world.recipientDid);
  }
}

describe('access matrix', () => {
  it('has an expected row for every permission', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...PERMISSION_NAMES].sort());
  });

  const cases = PERMISSION_NAMES.flatMap((p) => RELATIONSHIPS.map((rel) => [p, rel, EXPECTED[p].includes(rel)] as const));
  it.each(cases)('%s for %s: allowed %s', (permission, rel, allowed) => {
    const denial = decide(subject(rel), permission, all[PERMISSIONS[permission]] as never);
    expect(denial === null).toBe(allowed);
    if (denial) expect(denial.message).toEqual(expect.any(String));
  });

  it('refuses contributors their own contribution even as members, with the reason', () => {
    const self = subjectOf({ kind: 'account', accountId: world.named }, [{ organizationId: world.org, role: 'ADMIN' }]);
    expect(decide(self, 'contribution:validate', all.contribution)).toEqual({
      message: 'You cannot validate your own contribution.',
      details: { reason: 'OWN_CONTRIBUTION' },
    });
  });

  it('tells members that an admin is needed, and outsiders that it is for members', () => {
    expect(decide(subject('member'), 'facility:edit', all.facility)?.message).toBe('Only admins of the organization edit its facilities.');
    expect(decide(subject('stranger'), 'facility:edit', all.facility)?.message).toBe('Only members of this organization can see this.');
  });

  it('reads the organization a facility or settlement belongs to, not the row’s own id', () => {
    const facility = { id: world.org, organizationId: 'elsewhere' };
    expect(decide(subject('admin'), 'facility:edit', facility)).not.toBeNull();
    expect(decide(subject('member'), 'facility:see-exact-location', facility)).not.toBeNull();
    const settlement = { id: world.org, payerAccountId: 'x', organizationId: 'elsewhere' };
    expect(decide(subject('member'), 'settlement:name-payees', settlement)).not.toBeNull();
  });

  it('names the parties to a job', () => {
    const both = subjectOf({ kind: 'account', accountId: world.named }, [{ organizationId: world.org, role: 'MEMBER' }]);
    expect(jobRelations(both, all.job)).toEqual(['FACILITY', 'REQUESTER']);
    expect(jobRelations(subject('treasurer'), all.job)).toEqual(['FACILITY']);
    expect(jobRelations(subject('requesting admin'), all.job)).toEqual(['REQUESTER']);
    expect(jobRelations(subject('requesting member'), all.job)).toEqual([]);
    expect(jobRelations(subject('anonymous'), { ...all.job, facilityOrganizationId: null })).toEqual([]);
  });
});

describe('AccessService', () => {
  const lookup = () => {
    const calls = { memberships: 0, did: 0 };
    const fake: MembershipLookup = {
      membershipsOf: async () => (calls.memberships++, [{ organizationId: world.org, role: 'MEMBER' }]),
      didOf: async () => (calls.did++, 'did:key:z6Mkme'),
    };
    return { calls, access: new AccessService(fake) };
  };
  const me: Principal = { kind: 'account', accountId: 'me' };

  it('throws ForbiddenError with the rule’s message and details', async () => {
    const { access } = lookup();
    await expect(access.require(me, 'facility:edit', all.facility)).rejects.toEqual(
      new ForbiddenError('Only admins of the organization edit its facilities.'),
    );
    await expect(access.require(me, 'facility:claim-job', all.facility)).resolves.toBeUndefined();
    await expect(access.require({ accountId: world.named }, 'contribution:validate', all.contribution)).rejects.toMatchObject({
      details: { reason: 'OWN_CONTRIBUTION' },
    });
  });

  it('filters a batch with one lookup', async () => {
    const { access, calls } = lookup();
    const facilities = [{ organizationId: world.org }, { organizationId: 'elsewhere' }, { organizationId: world.org }];
    expect(await access.filter(me, 'facility:see-exact-location', facilities)).toEqual([facilities[0], facilities[2]]);
    expect(calls).toEqual({ memberships: 1, did: 0 });
  });

  it('reads the DID only for rules that need it, and nothing for anonymous viewers', async () => {
    const { access, calls } = lookup();
    expect(await access.can(me, 'settlement:read', { payerAccountId: 'x', organizationId: 'y', recipientDids: ['did:key:z6Mkme'] })).toBe(
      true,
    );
    expect(calls).toEqual({ memberships: 1, did: 1 });
    expect(await access.can(null, 'request:read', all.request)).toBe(false);
    expect(await access.can(me, 'request:read', all.request)).toBe(true);
    expect(calls).toEqual({ memberships: 2, did: 1 });
  });

  it.each(Object.keys(EXPECTED) as Permission[])('refuses anonymous viewers %s', async (permission) => {
    const { access } = lookup();
    await expect(access.require(null, permission, all[PERMISSIONS[permission]] as never)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
