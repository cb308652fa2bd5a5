import type { MigrationInterface, QueryRunner } from 'typeorm';

// A peer's approval or rejection of a hand-recorded contribution is a signed record (a `vote` on the
// record, by the validator's did:key); the validation row names it, so recomputation can check the
// validators a distribution paid against their signatures instead of trusting the rows.
export class SignedValidations1763700002240 implements MigrationInterface {
  name = 'SignedValidations1763700002240';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE contribution_validations ADD COLUMN answer_record_id text REFERENCES contribution_records(id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE contribution_validations DROP COLUMN answer_record_id');
  }
}
