import { writtenTables } from './sql-writes.js';

describe('writtenTables', () => {
  it.each([
    ['INSERT INTO designs (id) VALUES ($1)', ['designs']],
    ['UPDATE contribution_records r SET status = $2 WHERE r.id = $1', ['contribution_records']],
    ['DELETE FROM ONLY sessions WHERE expires_at < now()', ['sessions']],
    ['MERGE INTO votes v USING incoming i ON v.id = i.id WHEN MATCHED THEN UPDATE SET option = i.option', ['votes']],
    ['ALTER TABLE IF EXISTS ONLY public.payouts ADD COLUMN cap_minor bigint', ['payouts']],
    ['TRUNCATE TABLE outbox_events, ONLY processed_events CASCADE', ['outbox_events', 'processed_events']],
    ['DROP TABLE IF EXISTS a, b', ['a', 'b']],
    ['INSERT INTO "Quoted" (x) VALUES (1)', ['Quoted']],
  ])('finds the target of %s', (sql, tables) => {
    expect(writtenTables(sql)).toEqual(tables);
  });

  it('finds every write of data-modifying CTEs, once each', () => {
    const sql = `WITH job AS (UPDATE production_jobs SET status = 'SETTLED' RETURNING id),
      history AS (INSERT INTO production_job_history (job_id) SELECT id FROM job RETURNING 1),
      again AS (UPDATE production_jobs SET updated_at = now() RETURNING 1)
      INSERT INTO outbox_events (type) SELECT 'x' FROM job`;
    expect(writtenTables(sql)).toEqual(['production_jobs', 'production_job_history', 'outbox_events']);
  });

  it.each([
    ['SELECT * FROM production_jobs WHERE id = $1 FOR UPDATE SKIP LOCKED'],
    ['SELECT * FROM production_jobs FOR NO KEY UPDATE OF production_jobs'],
    ["SELECT 'INSERT INTO designs' AS text, 'it''s UPDATE x SET' AS other"],
    ['SELECT 1 -- DELETE FROM designs\n/* UPDATE designs SET x = 1 */'],
    ['CREATE TRIGGER t AFTER UPDATE OF validation ON contribution_records FOR EACH ROW EXECUTE FUNCTION f()'],
    ['INSERT INTO ? (a) VALUES (1)'],
  ])('sees no write in %s', (sql) => {
    expect(writtenTables(sql)).toEqual([]);
  });

  it('reads the target of ON CONFLICT DO UPDATE as the insert target only', () => {
    expect(
      writtenTables('INSERT INTO treasury_rules (organization_id) VALUES ($1) ON CONFLICT (organization_id) DO UPDATE SET updated_by = $2'),
    ).toEqual(['treasury_rules']);
  });
});
