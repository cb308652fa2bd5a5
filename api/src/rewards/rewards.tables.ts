// The tables this module owns: only its repositories write them; other modules go through its
// services or repositories inside the same unit of work.
export const TABLES = [
  'reward_policies',
  'settlements',
  'payouts',
  'design_payout_totals',
  'design_effort',
  'ledger_accounts',
  'ledger_transactions',
  'ledger_entries',
  'reward_distributors',
  'reward_epochs',
  'reward_epoch_leaves',
] as const;
