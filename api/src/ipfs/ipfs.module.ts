import { Module } from '@nestjs/common';
import { BlockstoreHealth } from './blockstore.health.js';
import { ContentService } from './content.service.js';

@Module({ providers: [BlockstoreHealth, ContentService], exports: [BlockstoreHealth, ContentService] })
export class IpfsModule {}
