import { Catch, type ArgumentsHost } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import type { FastifyReply } from 'fastify';
import { DomainError, HTTP_STATUS } from '../errors/domain-error.js';

// A user's mistake is an answer, not an incident. GraphQL: hand it to the error
// formatter without Nest logging it. REST: the status for its code and a JSON body.
@Catch(DomainError)
export class DomainErrorFilter implements GqlExceptionFilter {
  catch(exception: DomainError, host: ArgumentsHost) {
    if (host.getType<string>() === 'graphql') return exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    // Part of a body is out (a stream failed midway): the only honest answer is a cut connection.
    if (reply.sent || reply.raw.headersSent) {
      reply.raw.destroy();
      return;
    }
    void reply
      .code(exception.httpStatus ?? HTTP_STATUS[exception.code])
      .type('application/json; charset=utf-8')
      .send({ error: { code: exception.code, message: exception.message, ...exception.details } });
  }
}
