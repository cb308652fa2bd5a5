import type { MigrationInterface, QueryRunner } from 'typeorm';

// ActivityPub. Each actor (an organization, a person, the instance) signs HTTP requests with an
// RSA key (what Mastodon and most of the fediverse verify) besides its Ed25519 did:key; the RSA
// private key is sealed like the agent keys. The federation framework's key-value state (remote
// documents and keys it cached, activities already handled) lives in Postgres, so a lost Redis
// loses none of it; expired entries are ignored and swept.
export class Federation1765000007000 implements MigrationInterface {
  name = 'Federation1765000007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE actor_rsa_keys (
        actor text PRIMARY KEY,
        public_jwk jsonb NOT NULL,
        encrypted_private_jwk bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE federation_kv (
        key text[] PRIMARY KEY,
        value jsonb NOT NULL,
        expires_at timestamptz
      )`);
    await q.query('CREATE INDEX federation_kv_expires_idx ON federation_kv (expires_at) WHERE expires_at IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE federation_kv');
    await q.query('DROP TABLE actor_rsa_keys');
  }
}
