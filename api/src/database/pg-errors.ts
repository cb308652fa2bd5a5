// Postgres SQLSTATE helpers for repositories.
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e?.code ?? e?.driverError?.code;
  const name = e?.constraint ?? e?.driverError?.constraint;
  return code === '23505' && (constraint === undefined || name === constraint);
}

// A RAISE with this SQLSTATE from one of our triggers (e.g. P0003: a payout past its cap).
export function isRaised(err: unknown, sqlstate: string): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  return (e?.code ?? e?.driverError?.code) === sqlstate;
}
