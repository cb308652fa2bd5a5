import { Catch, type ArgumentsHost } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { DomainError } from '../errors/domain-error.js';

// A user's mistake is an answer, not an incident: hand it to the GraphQL error
// formatter without Nest logging it as an unhandled exception.
@Catch(DomainError)
export class DomainErrorFilter implements GqlExceptionFilter {
  catch(exception: DomainError, host: ArgumentsHost) {
    if (host.getType<string>() !== 'graphql') throw exception;
    return exception;
  }
}
