// The tables this module owns: only its repositories write them; other modules go through its
// services or repositories inside the same unit of work.
export const TABLES = ['agent_keys', 'actor_rsa_keys'] as const;
