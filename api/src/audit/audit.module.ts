import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { AuditHandler } from './audit.handler.js';
import { AuditRepository } from './audit.repository.js';
import { AuditResolver } from './audit.resolver.js';
import { AuditService } from './audit.service.js';
import { provideEntities } from '../database/entities.js';
import { AuditLogEntity } from './audit-log.entity.js';

@Module({
  imports: [IdentityModule],
  providers: [provideEntities(AuditLogEntity), AuditRepository, AuditHandler, AuditService],
  exports: [AuditHandler, AuditRepository, AuditService],
})
export class AuditModule {}

@Module({ imports: [AuditModule], providers: [AuditResolver] })
export class AuditGraphqlModule {}
