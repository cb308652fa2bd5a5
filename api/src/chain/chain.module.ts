import { Module } from '@nestjs/common';
import { ChainClient } from './chain.client.js';
import { ChainWriter } from './chain-writer.js';

@Module({ providers: [ChainClient, ChainWriter], exports: [ChainClient, ChainWriter] })
export class ChainModule {}
