import { GeoExtensions1763700000000 } from './1763700000000-geo-extensions.js';
import { Identity1763700000100 } from './1763700000100-identity.js';
import { Outbox1763700000200 } from './1763700000200-outbox.js';
import { Designs1763700000300 } from './1763700000300-designs.js';
import { DesignSearch1763700000400 } from './1763700000400-design-search.js';
import { Facilities1763700000500 } from './1763700000500-facilities.js';
import { Production1763700000600 } from './1763700000600-production.js';
import { FacilityAttestations1763700000700 } from './1763700000700-facility-attestations.js';
import { FacilityProcesses1763700000800 } from './1763700000800-facility-processes.js';
import { Contributions1763700000900 } from './1763700000900-contributions.js';
import { CeramicStreams1763700001000 } from './1763700001000-ceramic-streams.js';
import { RewardsLedger1763700001100 } from './1763700001100-rewards-ledger.js';
import { SettlementSnapshot1763700001200 } from './1763700001200-settlement-snapshot.js';
import { DesignPayoutTotals1763700001300 } from './1763700001300-design-payout-totals.js';
import { Wallets1763700001400 } from './1763700001400-wallets.js';
import { RewardEpochs1763700001500 } from './1763700001500-reward-epochs.js';
import { RecordChainUnique1763700001600 } from './1763700001600-record-chain-unique.js';
import { PayoutTotalsAtCommit1763700001700 } from './1763700001700-payout-totals-at-commit.js';
import { DistributionInputs1763700001800 } from './1763700001800-distribution-inputs.js';
import { Governance1763700001900 } from './1763700001900-governance.js';
import { PayoutFlows1763700002000 } from './1763700002000-payout-flows.js';
import { EpochBuiltHeight1763700002100 } from './1763700002100-epoch-built-height.js';
import { RedisLossRecovery1763700002200 } from './1763700002200-redis-loss-recovery.js';
import { LedgerClosed1763700002230 } from './1763700002230-ledger-closed.js';
import { SignedValidations1763700002240 } from './1763700002240-signed-validations.js';
import { ChainGenesis1763700002250 } from './1763700002250-chain-genesis.js';
import { IdempotencyKeys1763700002300 } from './1763700002300-idempotency-keys.js';
import { Sessions1763700002400 } from './1763700002400-sessions.js';
import { OutboxContext1763700002900 } from './1763700002900-outbox-context.js';
import { ProposalKinds1763700003000 } from './1763700003000-proposal-kinds.js';
import { DesignSearchScaling1764900001000 } from './1764900001000-design-search-scaling.js';
import { DirectoryHygiene1765000001000 } from './1765000001000-directory-hygiene.js';
import { EquipmentInferred1765000002000 } from './1765000002000-equipment-inferred.js';
import { FacilityCalendars1765000003000 } from './1765000003000-facility-calendars.js';
import { ReliabilityAndFairness1765000004000 } from './1765000004000-reliability-and-fairness.js';
import { CapacityLending1765000005000 } from './1765000005000-capacity-lending.js';
import { OrganizationHandles1765000006000 } from './1765000006000-organization-handles.js';
import { Federation1765000007000 } from './1765000007000-federation.js';
import { FederationFollows1765000008000 } from './1765000008000-federation-follows.js';
import { FederatedDesigns1765000009000 } from './1765000009000-federated-designs.js';

// Listed explicitly (no glob) so the same list works from sources, dist and tests.
export const migrations = [
  GeoExtensions1763700000000,
  Identity1763700000100,
  Outbox1763700000200,
  Designs1763700000300,
  DesignSearch1763700000400,
  Facilities1763700000500,
  Production1763700000600,
  FacilityAttestations1763700000700,
  FacilityProcesses1763700000800,
  Contributions1763700000900,
  CeramicStreams1763700001000,
  RewardsLedger1763700001100,
  SettlementSnapshot1763700001200,
  DesignPayoutTotals1763700001300,
  Wallets1763700001400,
  RewardEpochs1763700001500,
  RecordChainUnique1763700001600,
  PayoutTotalsAtCommit1763700001700,
  DistributionInputs1763700001800,
  Governance1763700001900,
  PayoutFlows1763700002000,
  EpochBuiltHeight1763700002100,
  RedisLossRecovery1763700002200,
  LedgerClosed1763700002230,
  SignedValidations1763700002240,
  ChainGenesis1763700002250,
  IdempotencyKeys1763700002300,
  Sessions1763700002400,
  OutboxContext1763700002900,
  ProposalKinds1763700003000,
  DesignSearchScaling1764900001000,
  DirectoryHygiene1765000001000,
  EquipmentInferred1765000002000,
  FacilityCalendars1765000003000,
  ReliabilityAndFairness1765000004000,
  CapacityLending1765000005000,
  OrganizationHandles1765000006000,
  Federation1765000007000,
  FederationFollows1765000008000,
  FederatedDesigns1765000009000,
];
