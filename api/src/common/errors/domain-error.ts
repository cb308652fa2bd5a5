// Every error a user can cause is one of these; one formatter maps them to GraphQL codes.
export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  // On REST routes, when the code's usual status is not the one a standard asks for.
  readonly httpStatus?: number;
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidInputError extends DomainError {
  readonly code = 'BAD_USER_INPUT' as const;
  constructor(
    readonly field: string,
    message: string,
    readonly reason = 'INVALID',
  ) {
    super(message, { field, reason });
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED' as const;
  constructor(message = 'You must be signed in to do this.') {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN' as const;
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND' as const;
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} was not found.`, { entity, id });
  }
}

export class ConflictError extends DomainError {
  readonly code = 'CONFLICT' as const;
}

// An idempotency key already used for a different request (or whose first request has not
// finished). REST answers 422 and 409 as the Idempotency-Key header's specification asks.
export class IdempotencyKeyReusedError extends ConflictError {
  override readonly httpStatus: number;
  constructor(key: string, why: 'different request' | 'in progress') {
    super(
      why === 'different request'
        ? `The idempotency key "${key}" was already used for a different request.`
        : `A request with the idempotency key "${key}" is still in progress.`,
      { reason: why === 'different request' ? 'IDEMPOTENCY_KEY_REUSED' : 'IDEMPOTENCY_KEY_IN_PROGRESS' },
    );
    this.httpStatus = why === 'different request' ? 422 : 409;
  }
}

export class RateLimitedError extends DomainError {
  readonly code = 'RATE_LIMITED' as const;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, { retryAfterSeconds });
  }
}

export class PayloadTooLargeError extends DomainError {
  readonly code = 'PAYLOAD_TOO_LARGE' as const;
  constructor(message: string, limitBytes: number) {
    super(message, { limitBytes });
  }
}

// HTTP statuses for REST endpoints (GraphQL answers 200 with the code).
export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
};
