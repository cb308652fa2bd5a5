import { AnchoringResolver } from '../anchoring/anchoring.resolver.js';
import { AuditResolver } from '../audit/audit.resolver.js';
import { ContributionsResolver } from '../contributions/contributions.resolver.js';
import { RewardsResolver } from '../rewards/rewards.resolver.js';
import { EpochsResolver } from '../rewards/epochs/epochs.resolver.js';
import { GovernanceResolver } from '../governance/governance.resolver.js';
import { DesignManifestFieldsResolver } from '../designs/design-manifest-fields.resolver.js';
import { DesignsResolver, DesignVersionsResolver } from '../designs/designs.resolver.js';
import { EquipmentCapabilityResolver } from '../facilities/equipment-capability.resolver.js';
import { FacilitiesResolver, FacilityAttestationsResolver } from '../facilities/facilities.resolver.js';
import { MatchingResolver } from '../matching/matching.resolver.js';
import { CalendarResolver } from '../calendar/calendar.resolver.js';
import { LendingResolver } from '../lending/lending.resolver.js';
import { FollowsResolver } from '../federation/follows.resolver.js';
import { DeliveriesResolver } from '../federation/deliveries.resolver.js';
import { FacilityReliabilityResolver, MatchReliabilityResolver } from '../matching/reliability/reliability.resolver.js';
import { JobConflictResolver, OfferConflictResolver } from '../production/production-fairness.resolver.js';
import { FacilityLoadResolver, ProductionRequestsResolver } from '../production/production.resolver.js';
import { JobOffersResolver, ProductionJobsResolver } from '../production/production-jobs.resolver.js';
import { AccountsResolver } from '../identity/accounts.resolver.js';
import { MembershipsResolver } from '../identity/memberships.resolver.js';
import { OrganizationsResolver } from '../identity/organizations.resolver.js';
import { WalletsResolver } from '../identity/wallets.resolver.js';

// Every resolver class, for schema generation and the access-declaration check.
export const RESOLVERS = [
  AccountsResolver,
  OrganizationsResolver,
  MembershipsResolver,
  AuditResolver,
  DesignsResolver,
  DesignVersionsResolver,
  DesignManifestFieldsResolver,
  FacilitiesResolver,
  FacilityAttestationsResolver,
  EquipmentCapabilityResolver,
  MatchingResolver,
  CalendarResolver,
  LendingResolver,
  FacilityReliabilityResolver,
  MatchReliabilityResolver,
  ProductionRequestsResolver,
  ProductionJobsResolver,
  JobOffersResolver,
  FacilityLoadResolver,
  JobConflictResolver,
  OfferConflictResolver,
  ContributionsResolver,
  AnchoringResolver,
  RewardsResolver,
  EpochsResolver,
  WalletsResolver,
  GovernanceResolver,
  FollowsResolver,
  DeliveriesResolver,
];
