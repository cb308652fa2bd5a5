import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OrganizationKind } from './identity.types.js';

@Entity('organizations')
export class OrganizationEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text') kind: OrganizationKind;
  @Column('text') did: string;
  @Column('uuid', { name: 'created_by' }) createdBy: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
