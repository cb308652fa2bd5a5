import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('agent_keys')
export class AgentKeyEntity {
  @PrimaryColumn('text') did: string;
  @Column('bytea', { name: 'public_key' }) publicKey: Buffer;
  // AES-256-GCM(nonce ‖ ciphertext ‖ tag) of the Ed25519 seed.
  @Column('bytea', { name: 'encrypted_secret' }) encryptedSecret: Buffer;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
