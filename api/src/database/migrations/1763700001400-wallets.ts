import type { MigrationInterface, QueryRunner } from 'typeorm';

// Wallet addresses linked to accounts by a Sign-In with Ethereum (EIP-4361) signature, and the
// one-time challenges those signatures answer. No one needs a wallet to earn: only to claim on chain.
export class Wallets1763700001400 implements MigrationInterface {
  name = 'Wallets1763700001400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE wallet_challenges (
        nonce text PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts(id),
        address text NOT NULL,
        message text NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE account_wallets (
        account_id uuid PRIMARY KEY REFERENCES accounts(id),
        address text NOT NULL UNIQUE,
        chain_id integer NOT NULL,
        linked_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE account_wallets');
    await q.query('DROP TABLE wallet_challenges');
  }
}
