import { Module } from '@nestjs/common';
import { IpfsModule } from '../ipfs/ipfs.module.js';
import { GatewayController } from './gateway.controller.js';

@Module({ imports: [IpfsModule], controllers: [GatewayController] })
export class GatewayModule {}
