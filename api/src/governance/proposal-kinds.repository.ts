import { Injectable } from '@nestjs/common';
import { db, Sql } from '../database/sql.js';

// The kinds of proposal the database accepts (proposals.kind references them).
@Injectable()
export class ProposalKindsRepository {
  constructor(private readonly sql: Sql) {}

  // Adds the kinds not yet known; a kind is never removed, so proposals of a kind a later version
  // drops keep their reference.
  async register(names: readonly string[]): Promise<void> {
    if (!names.length) return;
    await this.sql.run(
      db
        .insertInto('proposal_kinds')
        .values(names.map((name) => ({ name })))
        .onConflict((oc) => oc.column('name').doNothing()),
    );
  }

  async names(): Promise<string[]> {
    return (await this.sql.all(db.selectFrom('proposal_kinds').select('name').orderBy('name'))).map((r) => r.name);
  }
}
