import { Module } from '@nestjs/common';
import { BlockstoreHealth } from './blockstore.health.js';

@Module({ providers: [BlockstoreHealth], exports: [BlockstoreHealth] })
export class IpfsModule {}
