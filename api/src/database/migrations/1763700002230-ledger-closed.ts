import type { MigrationInterface, QueryRunner } from 'typeorm';

// A posted ledger transaction is closed: its entries are inserted by the database transaction that
// creates it and by no other. Each ledger transaction remembers the (top-level) transaction id that
// posted it, set by the database whatever the insert says; an entry for a ledger transaction posted
// by another transaction is refused (P0004). The check runs after each statement, so a statement
// that inserts the transaction and its entries together (the distribution's) passes. Rows posted
// before this migration carry no id and are closed too. With the balance check at commit, an
// appended pair of entries that balance each other can no longer get in.
export class LedgerClosed1763700002230 implements MigrationInterface {
  name = 'LedgerClosed1763700002230';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE ledger_transactions ADD COLUMN posted_in xid8');
    await q.query(`
      CREATE FUNCTION ledger_transaction_posted_in() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.posted_in := pg_current_xact_id();
        RETURN NEW;
      END $$`);
    await q.query(
      'CREATE TRIGGER ledger_transactions_posted_in BEFORE INSERT ON ledger_transactions FOR EACH ROW EXECUTE FUNCTION ledger_transaction_posted_in()',
    );
    await q.query(`
      CREATE FUNCTION ledger_entry_in_posting() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM ledger_transactions WHERE id = NEW.transaction_id AND posted_in = pg_current_xact_id()) THEN
          RAISE EXCEPTION 'ledger transaction % is already posted: it takes no new entries (post a correcting transaction instead)', NEW.transaction_id USING ERRCODE = 'P0004';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(
      'CREATE CONSTRAINT TRIGGER ledger_entries_closed AFTER INSERT ON ledger_entries NOT DEFERRABLE FOR EACH ROW EXECUTE FUNCTION ledger_entry_in_posting()',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER ledger_entries_closed ON ledger_entries');
    await q.query('DROP FUNCTION ledger_entry_in_posting()');
    await q.query('DROP TRIGGER ledger_transactions_posted_in ON ledger_transactions');
    await q.query('DROP FUNCTION ledger_transaction_posted_in()');
    await q.query('ALTER TABLE ledger_transactions DROP COLUMN posted_in');
  }
}
