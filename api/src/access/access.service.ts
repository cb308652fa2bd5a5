import { Inject, Injectable } from '@nestjs/common';
import type { Viewer } from '../common/auth/viewer.js';
import { ForbiddenError } from '../common/errors/domain-error.js';
import type { Permission, ResourceOf, Resources } from './permissions.js';
import { decide, jobRelations, needsDid, type JobRelation } from './policies.js';
import { principalOf, subjectOf, type Principal, type Role, type Subject } from './principal.js';

// Where the facts about a principal come from (identity's memberships and keys for local accounts).
export interface MembershipLookup {
  membershipsOf(accountId: string): Promise<ReadonlyArray<{ organizationId: string; role: Role }>>;
  didOf(accountId: string): Promise<string | null>;
}
export const MEMBERSHIP_LOOKUP = Symbol('MEMBERSHIP_LOOKUP');

type Who = Viewer | Principal | null | undefined;

// The one place that decides who may do what: named permissions, a rule each (policies.ts).
@Injectable()
export class AccessService {
  constructor(@Inject(MEMBERSHIP_LOOKUP) private readonly lookup: MembershipLookup) {}

  // Throws ForbiddenError (with the rule's message) unless allowed.
  async require<P extends Permission>(who: Who, permission: P, resource: ResourceOf<P>): Promise<void> {
    this.assert(await this.subject(who, needsDid(permission)), permission, resource);
  }

  // The same, on a subject already loaded (several questions, one lookup).
  assert<P extends Permission>(subject: Subject, permission: P, resource: ResourceOf<P>): void {
    const denial = decide(subject, permission, resource);
    if (denial) throw new ForbiddenError(denial.message, denial.details);
  }

  async can<P extends Permission>(who: Who, permission: P, resource: ResourceOf<P>): Promise<boolean> {
    return !decide(await this.subject(who, needsDid(permission)), permission, resource);
  }

  // The resources the principal holds the permission on, in order; the facts are loaded once.
  async filter<P extends Permission, R extends ResourceOf<P>>(who: Who, permission: P, resources: readonly R[]): Promise<R[]> {
    if (!resources.length) return [];
    const subject = await this.subject(who, needsDid(permission));
    return resources.filter((r) => !decide(subject, permission, r));
  }

  // The principal's parties to a job (the job lifecycle says what each may do next).
  async jobRelations(who: Who | Subject, job: Resources['job']): Promise<JobRelation[]> {
    return jobRelations(who && 'roles' in who ? who : await this.subject(who, false), job);
  }

  // Everything the rules read about a principal; pure decide() can then answer many questions.
  async subject(who: Who, withDid = false): Promise<Subject> {
    const principal = principalOf(who);
    if (principal.kind !== 'account') return subjectOf(principal, []);
    const [memberships, did] = await Promise.all([
      this.lookup.membershipsOf(principal.accountId),
      withDid ? this.lookup.didOf(principal.accountId) : null,
    ]);
    return subjectOf(principal, memberships, did);
  }
}
