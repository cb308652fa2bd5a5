import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ForbiddenError, UnauthenticatedError } from '../errors/domain-error.js';
import type { GraphQLContext } from '../graphql/context.js';
import { ACCESS_KEY, type Access } from './access.decorator.js';
import { tokenProblemMessage } from './viewer.js';

@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    // REST controllers (health, uploads…) declare their own access; this guard is for GraphQL.
    if (context.getType<string>() !== 'graphql') return true;
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    if (access === 'public') return true;
    if (access === 'authenticated') {
      const ctx = GqlExecutionContext.create(context).getContext<GraphQLContext>();
      if (ctx.auth.viewer) return true;
      throw new UnauthenticatedError(tokenProblemMessage(ctx.auth.tokenProblem) ?? 'You must be signed in to do this.');
    }
    // Fail closed: an undeclared resolver is a bug, never an open door.
    throw new ForbiddenError('This operation declares no access rule.');
  }
}
