import type { MigrationInterface, QueryRunner } from 'typeorm';

// The processes of a facility's working equipment, kept on the facility row by the repository:
// matching's nearest-first index scan checks it on the row it already holds and skips
// facilities that lack a process without probing their equipment. (An index covering the
// probe's columns was tried: it made probes look so cheap that the planner gave up the
// nearest-first scan for a sort of the whole search box, 20× slower at a million facilities.)
export class FacilityProcesses1763700000800 implements MigrationInterface {
  name = 'FacilityProcesses1763700000800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE facilities ADD COLUMN processes text[] NOT NULL DEFAULT '{}'`);
    await q.query(`UPDATE facilities f SET processes = ARRAY(
                     SELECT DISTINCT e.process FROM facility_equipment e
                      WHERE e.facility_id = f.id AND e.condition <> 'NEEDS_REPAIR' ORDER BY 1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE facilities DROP COLUMN processes');
  }
}
