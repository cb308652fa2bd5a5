import { Module } from '@nestjs/common';
import { KeysRepository } from './keys.repository.js';
import { KeysService } from './keys.service.js';
import { provideEntities } from '../database/entities.js';
import { AgentKeyEntity } from './agent-key.entity.js';

@Module({ providers: [provideEntities(AgentKeyEntity), KeysRepository, KeysService], exports: [KeysService] })
export class KeysModule {}
