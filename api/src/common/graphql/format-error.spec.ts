import { GraphQLError } from 'graphql';
import { ConflictError, NotFoundError } from '../errors/domain-error.js';
import { createErrorFormatter } from './format-error.js';

describe('error formatter', () => {
  const internals: unknown[] = [];
  const production = createErrorFormatter({ exposeInternals: false, onInternal: (e) => internals.push(e) });

  it('maps domain errors to their code and details', () => {
    const error = new GraphQLError('x', { originalError: new NotFoundError('Organization', 'abc') });
    expect(production({ message: 'x', extensions: { stacktrace: ['at secret.ts:1'] } }, error)).toEqual({
      message: 'Organization abc was not found.',
      extensions: { code: 'NOT_FOUND', entity: 'Organization', id: 'abc' },
    });
    const conflict = new GraphQLError('x', { originalError: new ConflictError('taken', { field: 'email' }) });
    expect(production({ message: 'x' }, conflict).extensions).toEqual({ code: 'CONFLICT', field: 'email' });
  });

  it('hides unexpected errors and their stack in production, but logs them', () => {
    const boom = new Error('relation "accounts" does not exist');
    const formatted = production(
      { message: boom.message, extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at db.ts:1'] } },
      new GraphQLError(boom.message, { originalError: boom }),
    );
    expect(formatted).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(internals).toContain(boom);
  });

  it('passes request errors (validation) through', () => {
    const formatted = { message: 'Cannot query field "x"', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
    expect(production(formatted, new GraphQLError(formatted.message))).toBe(formatted);
  });

  it('answers Apollo’s codeless 4xx refusals as BAD_REQUEST without logging them as faults', () => {
    const before = internals.length;
    const mismatch = new GraphQLError('provided sha does not match query', { extensions: { http: { status: 400, headers: new Map() } } });
    expect(production({ message: mismatch.message }, mismatch)).toEqual({
      message: 'provided sha does not match query',
      extensions: { code: 'BAD_REQUEST' },
    });
    expect(internals).toHaveLength(before);
  });

  it('still treats a codeless error from a resolver as a fault', () => {
    const boom = new Error('socket hang up');
    const wrapped = new GraphQLError(boom.message, { originalError: boom, extensions: { http: { status: 400 } } });
    expect(production({ message: boom.message }, wrapped).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });
});
