// The tables this module owns: only its repositories write them; other modules go through its
// services or repositories inside the same unit of work.
export const TABLES = [
  'production_requests',
  'production_jobs',
  'production_offers',
  'production_job_history',
  'job_evidence_uploads',
] as const;
