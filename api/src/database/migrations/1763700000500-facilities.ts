import type { MigrationInterface, QueryRunner } from 'typeorm';

// Facilities (Open Know-Where profiles) and their equipment; near-search with cube +
// earthdistance through a GiST index on ll_to_earth(lat, lon).
export class Facilities1763700000500 implements MigrationInterface {
  name = 'Facilities1763700000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE facilities (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organizations(id),
        name text NOT NULL,
        description text,
        lat double precision CHECK (lat BETWEEN -90 AND 90),
        lon double precision CHECK (lon BETWEEN -180 AND 180),
        address text,
        city text,
        country text,
        location_public boolean NOT NULL DEFAULT false,
        facility_status text NOT NULL DEFAULT 'ACTIVE' CHECK (facility_status IN ('ACTIVE','PLANNED','TEMPORARILY_CLOSED','CLOSED')),
        access_type text NOT NULL DEFAULT 'RESTRICTED' CHECK (access_type IN ('PUBLIC','MEMBERSHIP','RESTRICTED','PRIVATE')),
        opening_hours text,
        certifications text[] NOT NULL DEFAULT '{}',
        typical_batch_size text,
        contact_email text,
        capacity_hours_per_week numeric NOT NULL CHECK (capacity_hours_per_week > 0),
        verification_level text NOT NULL DEFAULT 'SELF_ASSERTED' CHECK (verification_level IN ('SELF_ASSERTED','PEER_ATTESTED','VERIFIED')),
        source_id text UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((lat IS NULL) = (lon IS NULL))
      )`);
    await q.query('CREATE INDEX facilities_earth_idx ON facilities USING gist (ll_to_earth(lat, lon)) WHERE lat IS NOT NULL');
    await q.query('CREATE INDEX facilities_org_idx ON facilities (organization_id)');
    await q.query(`
      CREATE TABLE facility_equipment (
        id uuid PRIMARY KEY,
        facility_id uuid NOT NULL REFERENCES facilities(id) ON DELETE CASCADE,
        process text NOT NULL,
        make text,
        model text,
        quantity integer NOT NULL DEFAULT 1 CHECK (quantity > 0),
        build_x_mm double precision, build_y_mm double precision, build_z_mm double precision,
        materials text[] NOT NULL DEFAULT '{}',
        tolerance_class text CHECK (tolerance_class IN ('f','m','c','v')),
        condition text NOT NULL DEFAULT 'GOOD' CHECK (condition IN ('NEW','GOOD','WORN','NEEDS_REPAIR'))
      )`);
    await q.query('CREATE INDEX facility_equipment_process_idx ON facility_equipment (process, facility_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE facility_equipment');
    await q.query('DROP TABLE facilities');
  }
}
