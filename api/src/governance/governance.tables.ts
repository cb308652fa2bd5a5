// The tables this module owns: only its repositories write them; other modules go through its
// services or repositories inside the same unit of work.
export const TABLES = [
  'proposal_kinds',
  'proposals',
  'proposal_electorate',
  'votes',
  'spend_approvals',
  'treasury_rules',
  'federation_members',
] as const;
