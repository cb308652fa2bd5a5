import type { INestApplicationContext } from '@nestjs/common';
import { ANCHOR_STATUSES, BATCH_STATUSES, VALIDATION_STATES } from '../../api/src/contributions/contributions.types.js';
import { Database } from '../../api/src/database/database.js';
import { LINEAGE_RELATIONS, TOLERANCE_CLASSES } from '../../api/src/designs/designs.types.js';
import { LICENCE_CLASSES } from '../../api/src/designs/licences.js';
import {
  ACCESS_TYPES,
  DUPLICATE_REVIEW_STATUSES,
  EQUIPMENT_CONDITIONS,
  FACILITY_STATUSES,
  VERIFICATION_LEVELS,
} from '../../api/src/facilities/facilities.types.js';
import { DECISION_RULES, PROPOSAL_STATUSES } from '../../api/src/governance/governance.types.js';
import { MEMBERSHIP_ROLES, ORGANIZATION_KINDS } from '../../api/src/identity/identity.types.js';
import { SUBCONTRACT_STATUSES } from '../../api/src/lending/lending.types.js';
import { DELIVERY_STATUSES, FOLLOW_STATUSES, FOLLOWER_STATUSES } from '../../api/src/federation/federation.types.js';
import { JOB_ROLES, JOB_STATUSES } from '../../api/src/production/production.types.js';
import { EPOCH_STATUSES, LEDGER_ACCOUNT_KINDS, SETTLEMENT_STATUSES } from '../../api/src/rewards/rewards.types.js';
import { createDomainContext } from '../support/context.js';

// Every enumeration-like CHECK of the migrated schema, and the domain list it must equal.
const LISTS: Record<string, readonly string[]> = {
  'anchor_batches.status': BATCH_STATUSES,
  'capacity_subcontracts.status': SUBCONTRACT_STATUSES,
  'contribution_records.status': ANCHOR_STATUSES,
  'contribution_records.validation': VALIDATION_STATES,
  'design_version_parents.relation': LINEAGE_RELATIONS,
  'design_versions.licence_class': LICENCE_CLASSES,
  'facilities.access_type': ACCESS_TYPES,
  'federation_deliveries.status': DELIVERY_STATUSES,
  'federation_followers.status': FOLLOWER_STATUSES,
  'federation_follows.status': FOLLOW_STATUSES,
  'facilities.facility_status': FACILITY_STATUSES,
  'facilities.verification_level': VERIFICATION_LEVELS,
  'facility_duplicate_reviews.status': DUPLICATE_REVIEW_STATUSES,
  'facility_equipment.condition': EQUIPMENT_CONDITIONS,
  'facility_equipment.tolerance_class': TOLERANCE_CLASSES,
  'ledger_accounts.kind': LEDGER_ACCOUNT_KINDS,
  'memberships.role': MEMBERSHIP_ROLES,
  'organizations.kind': ORGANIZATION_KINDS,
  'production_jobs.role': JOB_ROLES,
  'production_jobs.status': JOB_STATUSES,
  'proposals.decision_rule': DECISION_RULES,
  'proposals.status': PROPOSAL_STATUSES,
  'reward_epochs.status': EPOCH_STATUSES,
  'settlements.status': SETTLEMENT_STATUSES,
};

let app: INestApplicationContext;
beforeAll(async () => {
  app = await createDomainContext();
});
afterAll(() => app.close());

// A CHECK is enumeration-like when it compares a column with a list of literals (IN (…) is stored
// as "= ANY (ARRAY[…])"); one that does so in any other shape is reported rather than skipped.
async function enumChecks(): Promise<{ found: Record<string, string[]>; unreadable: string[] }> {
  const rows: Array<{ table: string; name: string; def: string }> = await app
    .get(Database)
    .query(
      `SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE contype = 'c' AND connamespace = 'public'::regnamespace AND conrelid <> 0`,
    );
  const found: Record<string, string[]> = {};
  const unreadable: string[] = [];
  for (const r of rows.filter((row) => /ANY \(ARRAY\[/.test(row.def))) {
    const m = /^CHECK \(\(\(?(\w+)\)? = ANY \(ARRAY\[((?:'[^']*'::text(?:, )?)+)\]\)\)\)$/.exec(r.def);
    if (!m || found[`${r.table}.${m[1]}`]) unreadable.push(`${r.table}.${r.name}: ${r.def}`);
    else found[`${r.table}.${m[1]}`] = [...m[2]!.matchAll(/'([^']*)'::text/g)].map((v) => v[1]!);
  }
  return { found, unreadable };
}

it('has a domain list equal to every enumeration CHECK in the database, and a CHECK for every list', async () => {
  const { found, unreadable } = await enumChecks();
  expect(unreadable).toEqual([]);
  expect(Object.keys(found).sort()).toEqual(Object.keys(LISTS).sort());
  for (const [column, values] of Object.entries(found))
    expect({ column, values: [...values].sort() }).toEqual({ column, values: [...LISTS[column]!].sort() });
});
