// The argument every creating mutation takes to make retries safe.
export const IDEMPOTENCY_KEY_DESCRIPTION =
  'A key you choose (8 to 128 visible ASCII characters, e.g. a UUID) to make retrying safe: a repeat with the same key and the same input, within the retention (24 h by default), returns the first result and creates nothing; the same key with different input is refused (CONFLICT, IDEMPOTENCY_KEY_REUSED). Keys are yours and per operation.';
