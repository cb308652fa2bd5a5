import type { MigrationInterface, QueryRunner } from 'typeorm';

// Equipment values inferred from the machine-kind table (facilities/machine-kinds) keep their
// basis beside them: a value with a basis is inferred, one without is what the co-op stated or
// confirmed. A basis without its value would tell of nothing, so the checks forbid it.
export class EquipmentInferred1765000002000 implements MigrationInterface {
  name = 'EquipmentInferred1765000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE facility_equipment
      ADD COLUMN materials_basis text,
      ADD COLUMN build_volume_basis text,
      ADD CONSTRAINT facility_equipment_materials_basis_check CHECK (materials_basis IS NULL OR cardinality(materials) > 0),
      ADD CONSTRAINT facility_equipment_build_volume_basis_check CHECK (build_volume_basis IS NULL OR build_x_mm IS NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE facility_equipment
      DROP CONSTRAINT facility_equipment_build_volume_basis_check,
      DROP CONSTRAINT facility_equipment_materials_basis_check,
      DROP COLUMN build_volume_basis,
      DROP COLUMN materials_basis`);
  }
}
