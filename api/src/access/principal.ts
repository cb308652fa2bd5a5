import type { Viewer } from '../common/auth/viewer.js';
import type { MembershipRole } from './roles.js';

// Who an access decision is about. Only local accounts exist today; remote (federated) actors
// join this union with their own kind, and the policies decide what each kind may do.
export type Principal = { kind: 'anonymous' } | { kind: 'account'; accountId: string };

export function principalOf(viewer: Viewer | Principal | null | undefined): Principal {
  if (!viewer) return { kind: 'anonymous' };
  if ('kind' in viewer) return viewer;
  return { kind: 'account', accountId: viewer.accountId };
}

export type Role = MembershipRole;

// What the policies know about a principal: its role in each organization it belongs to, and
// (loaded only for permissions that need it) the DID it acts as.
export interface Subject {
  principal: Principal;
  roles: ReadonlyMap<string, Role>;
  did: string | null;
}

export function subjectOf(
  principal: Principal,
  memberships: ReadonlyArray<{ organizationId: string; role: Role }>,
  did: string | null = null,
): Subject {
  return { principal, roles: new Map(memberships.map((m) => [m.organizationId, m.role])), did };
}

export const accountIdOf = (s: Subject): string | null => (s.principal.kind === 'account' ? s.principal.accountId : null);
