import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { DomainError } from '../errors/domain-error.js';

// Codes Apollo itself produces for malformed requests; passed through unchanged.
const REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

export function createErrorFormatter(options: { exposeInternals: boolean; onInternal: (err: unknown) => void }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? error.originalError : error;
    if (original instanceof DomainError) {
      return {
        message: original.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: original.code, ...original.details },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && REQUEST_CODES.has(code)) return formatted;
    // Apollo's own refusals of a malformed request that carry a 4xx status but no code (a
    // persisted query whose hash does not match its text): the client's mistake, said as such.
    if (error instanceof GraphQLError && !error.originalError && clientStatus(error.extensions)) {
      return { message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
    }
    // A value the database refused as data (class 22: out of range, bad text, bad encoding) that
    // no rule caught first: the request's fault, but said without the SQL.
    if (sqlState(original)?.startsWith('22')) {
      options.onInternal(original);
      return {
        message: 'A value in the request is malformed or out of range.',
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_VALUE' },
      };
    }
    // Anything else is our fault: log it whole, tell the client little.
    options.onInternal(original ?? error);
    if (options.exposeInternals) return formatted;
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

function sqlState(err: unknown): string | undefined {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

function clientStatus(extensions: GraphQLError['extensions']): boolean {
  const status = (extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}
