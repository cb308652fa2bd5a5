import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MembershipRole } from './identity.types.js';

@Entity('memberships')
export class MembershipEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'organization_id' }) organizationId: string;
  @Column('uuid', { name: 'account_id' }) accountId: string;
  @Column('text') role: MembershipRole;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
