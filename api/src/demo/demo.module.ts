import { Module } from '@nestjs/common';
import { DesignsModule } from '../designs/designs.module.js';
import { FacilitiesModule } from '../facilities/facilities.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { IpfsModule } from '../ipfs/ipfs.module.js';
import { ProductionModule } from '../production/production.module.js';
import { DemoWorldService } from './demo-world.service.js';

// The demo world: seeded at the API's start (DEMO_SEED) or by `cosmolocal demo seed`.
@Module({
  imports: [IdentityModule, IpfsModule, DesignsModule, FacilitiesModule, ProductionModule],
  providers: [DemoWorldService],
  exports: [DemoWorldService],
})
export class DemoModule {}
