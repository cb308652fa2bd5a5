import type { Provider, Type } from '@nestjs/common';
import { FacilityVerificationKind } from './facility-verification.kind.js';
import { MatchingPolicyChangeKind } from './matching-policy-change.kind.js';
import { MembershipKind } from './membership.kind.js';
import { PROPOSAL_KIND_HANDLERS, type AnyProposalKind } from './proposal-kind.js';
import { RewardPolicyChangeKind } from './reward-policy-change.kind.js';
import { TextKind } from './text.kind.js';
import { TreasurySpendKind } from './treasury-spend.kind.js';

// Every kind of proposal: adding one is its file (with its payload, by declaration merging), its
// test, and its class here with its name and description in PROPOSAL_KIND_DESCRIPTIONS. No migration:
// the platform registers its kinds in proposal_kinds when it starts (proposal-kind.registration.ts).
export const PROPOSAL_KIND_CLASSES: Array<Type<AnyProposalKind>> = [
  RewardPolicyChangeKind,
  TreasurySpendKind,
  FacilityVerificationKind,
  MembershipKind,
  MatchingPolicyChangeKind,
  TextKind,
];

// The kinds as providers, and the multi-provider that hands them all to the registry.
export const PROPOSAL_KIND_PROVIDERS: Provider[] = [
  ...PROPOSAL_KIND_CLASSES,
  { provide: PROPOSAL_KIND_HANDLERS, inject: PROPOSAL_KIND_CLASSES, useFactory: (...kinds: AnyProposalKind[]) => kinds },
];
