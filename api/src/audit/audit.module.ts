import { Module } from '@nestjs/common';
import { AuditHandler } from './audit.handler.js';
import { AuditRepository } from './audit.repository.js';

@Module({ providers: [AuditRepository, AuditHandler], exports: [AuditHandler, AuditRepository] })
export class AuditModule {}
