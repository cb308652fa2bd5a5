import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { IpfsModule } from '../ipfs/ipfs.module.js';
import { UploadsController } from './uploads.controller.js';
import { UploadsService } from './uploads.service.js';

@Module({ imports: [IpfsModule, IdentityModule], controllers: [UploadsController], providers: [UploadsService] })
export class UploadsModule {}
