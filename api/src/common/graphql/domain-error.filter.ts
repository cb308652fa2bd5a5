import { Catch, type ArgumentsHost } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import type { Response } from 'express';
import { DomainError, HTTP_STATUS } from '../errors/domain-error.js';

// A user's mistake is an answer, not an incident. GraphQL: hand it to the error
// formatter without Nest logging it. REST: the status for its code and a JSON body.
@Catch(DomainError)
export class DomainErrorFilter implements GqlExceptionFilter {
  catch(exception: DomainError, host: ArgumentsHost) {
    if (host.getType<string>() === 'graphql') return exception;
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res
      .status(exception.httpStatus ?? HTTP_STATUS[exception.code])
      .json({ error: { code: exception.code, message: exception.message, ...exception.details } });
  }
}
