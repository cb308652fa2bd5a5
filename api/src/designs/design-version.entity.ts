import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('design_versions')
export class DesignVersionEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'design_id' }) designId: string;
  @Column('text') cid: string;
  @Column('text', { name: 'root_cid' }) rootCid: string;
  @Column('text') title: string;
  @Column('text', { name: 'version_label', nullable: true }) versionLabel: string | null;
  @Column('text', { name: 'licence_hardware' }) licenceHardware: string;
  @Column('text', { name: 'licence_documentation', nullable: true }) licenceDocumentation: string | null;
  @Column('text', { name: 'licence_software', nullable: true }) licenceSoftware: string | null;
  @Column('text', { name: 'licence_class' }) licenceClass: string;
  @Column('jsonb') manifest: object;
  @Column('uuid', { name: 'published_by' }) publishedBy: string;
  @Column('timestamptz', { name: 'published_at' }) publishedAt: Date;
  @Column('text', { array: true }) processes: string[];
  @Column('text', { array: true }) materials: string[];
}

@Entity('design_version_parents')
export class DesignVersionParentEntity {
  @PrimaryColumn('uuid', { name: 'version_id' }) versionId: string;
  @PrimaryColumn('uuid', { name: 'parent_id' }) parentId: string;
  @Column('text') relation: string;
  @Column('integer', { name: 'share_bps' }) shareBps: number;
}
