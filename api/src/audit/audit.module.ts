import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { AuditHandler } from './audit.handler.js';
import { AuditRepository } from './audit.repository.js';
import { AuditResolver } from './audit.resolver.js';
import { AuditService } from './audit.service.js';

@Module({
  imports: [IdentityModule],
  providers: [AuditRepository, AuditHandler, AuditService],
  exports: [AuditHandler, AuditRepository, AuditService],
})
export class AuditModule {}

@Module({ imports: [AuditModule], providers: [AuditResolver] })
export class AuditGraphqlModule {}
