import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ChainModule } from '../chain/chain.module.js';
import { IpfsModule } from '../ipfs/ipfs.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { HealthController } from './health.controller.js';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), JobsModule, ChainModule, IpfsModule],
  controllers: [HealthController],
})
export class HealthModule {}
