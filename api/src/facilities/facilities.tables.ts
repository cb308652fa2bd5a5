// The tables this module owns: only its repositories write them; other modules go through its
// services or repositories inside the same unit of work.
export const TABLES = [
  'facilities',
  'facility_equipment',
  'facility_attestations',
  'facility_verification_history',
  'facility_sources',
  'facility_duplicate_reviews',
] as const;
