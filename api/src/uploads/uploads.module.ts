import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { IpfsModule } from '../ipfs/ipfs.module.js';
import { UploadsController } from './uploads.controller.js';
import { UploadsService } from './uploads.service.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { ProductionModule } from '../production/production.module.js';

@Module({
  imports: [IpfsModule, IdentityModule, IdempotencyModule, ProductionModule],
  controllers: [UploadsController],
  providers: [UploadsService],
})
export class UploadsModule {}
