// The tables this module owns: only its repositories write them; other modules go through its
// services or repositories inside the same unit of work.
export const TABLES = [
  'federation_kv',
  'federation_follows',
  'federation_followers',
  'federation_deliveries',
  'federation_settings',
  'federation_blocks',
] as const;
