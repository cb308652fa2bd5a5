import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('designs')
export class DesignEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'owner_account_id', nullable: true }) ownerAccountId: string | null;
  @Column('uuid', { name: 'owner_organization_id', nullable: true }) ownerOrganizationId: string | null;
  @Column('text') title: string;
  @Column('uuid', { name: 'created_by' }) createdBy: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('uuid', { name: 'latest_version_id', nullable: true }) latestVersionId: string | null;
}
