import type { Provider, Type } from '@nestjs/common';
import { FacilityVerificationKind } from './facility-verification.kind.js';
import { MembershipKind } from './membership.kind.js';
import { PROPOSAL_KIND_HANDLERS, type AnyProposalKind } from './proposal-kind.js';
import { RewardPolicyChangeKind } from './reward-policy-change.kind.js';
import { TextKind } from './text.kind.js';
import { TreasurySpendKind } from './treasury-spend.kind.js';

// Every kind of proposal: adding one is its file, its test and a line here (and its name in
// PROPOSAL_KINDS, with the CHECK of the proposals table widened by a migration).
export const PROPOSAL_KIND_CLASSES: Array<Type<AnyProposalKind>> = [
  RewardPolicyChangeKind,
  TreasurySpendKind,
  FacilityVerificationKind,
  MembershipKind,
  TextKind,
];

// The kinds as providers, and the multi-provider that hands them all to the registry.
export const PROPOSAL_KIND_PROVIDERS: Provider[] = [
  ...PROPOSAL_KIND_CLASSES,
  { provide: PROPOSAL_KIND_HANDLERS, inject: PROPOSAL_KIND_CLASSES, useFactory: (...kinds: AnyProposalKind[]) => kinds },
];
