import { Module } from '@nestjs/common';
import { ChainClient } from './chain.client.js';

@Module({ providers: [ChainClient], exports: [ChainClient] })
export class ChainModule {}
