import { DataSource } from 'typeorm';
import { AuditLogEntity } from '../audit/audit-log.entity.js';
import { DesignVersionEntity, DesignVersionParentEntity } from '../designs/design-version.entity.js';
import { DesignEntity } from '../designs/design.entity.js';
import { EquipmentEntity, FacilityAttestationEntity, FacilityEntity, VerificationHistoryEntity } from '../facilities/facility.entity.js';
import { JobHistoryEntity, ProductionJobEntity, ProductionOfferEntity, ProductionRequestEntity } from '../production/production.entity.js';
import { AccountEntity } from '../identity/account.entity.js';
import { MembershipEntity } from '../identity/membership.entity.js';
import { OrganizationEntity } from '../identity/organization.entity.js';
import { AgentKeyEntity } from '../keys/agent-key.entity.js';
import { OutboxEventEntity } from '../outbox/outbox-event.entity.js';
import { ProcessedEventEntity } from '../outbox/processed-event.entity.js';
import { migrations } from './migrations/index.js';

export const entities = [
  AccountEntity,
  OrganizationEntity,
  MembershipEntity,
  AgentKeyEntity,
  OutboxEventEntity,
  ProcessedEventEntity,
  AuditLogEntity,
  DesignEntity,
  DesignVersionEntity,
  DesignVersionParentEntity,
  FacilityEntity,
  EquipmentEntity,
  FacilityAttestationEntity,
  VerificationHistoryEntity,
  ProductionRequestEntity,
  ProductionJobEntity,
  ProductionOfferEntity,
  JobHistoryEntity,
];

export function createDataSource(url: string, poolSize = 10, applicationName = 'cosmolocal'): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    // Schema changes only ever come from migrations.
    synchronize: false,
    migrationsRun: false,
    applicationName,
    extra: { max: poolSize, connectionTimeoutMillis: 10_000 },
  });
}

// Arbitrary constant: serialises concurrent migrators (API replicas starting together).
const MIGRATION_LOCK = 72_317_001;

export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      return ran.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
