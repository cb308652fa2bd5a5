import type { MigrationInterface, QueryRunner } from 'typeorm';

// Follows between organizations across instances. `federation_follows`: a local organization
// follows a remote actor (PENDING until its instance answers Accept or Reject). `federation_followers`:
// remote actors that follow a local organization (and where to deliver to them).
export class FederationFollows1765000008000 implements MigrationInterface {
  name = 'FederationFollows1765000008000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE federation_follows (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        target text NOT NULL,
        actor_url text NOT NULL,
        inbox_url text NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'ACCEPTED', 'REJECTED')),
        activity_id text NOT NULL UNIQUE,
        created_by uuid REFERENCES accounts(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (organization_id, actor_url)
      )`);
    await q.query(`
      CREATE TABLE federation_followers (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        actor_url text NOT NULL,
        inbox_url text NOT NULL,
        shared_inbox_url text,
        follow_activity_id text NOT NULL,
        status text NOT NULL DEFAULT 'ACCEPTED' CHECK (status IN ('PENDING', 'ACCEPTED')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, actor_url)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE federation_followers');
    await q.query('DROP TABLE federation_follows');
  }
}
