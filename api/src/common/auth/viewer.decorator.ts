import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { UnauthenticatedError } from '../errors/domain-error.js';
import type { GraphQLContext } from '../graphql/context.js';
import type { Viewer } from './viewer.js';

// The signed-in viewer, or null on public resolvers.
export const CurrentViewer = createParamDecorator((_: unknown, context: ExecutionContext): Viewer | null => {
  return GqlExecutionContext.create(context).getContext<GraphQLContext>().auth.viewer;
});

// The signed-in viewer on guarded resolvers (the guard already refused anonymous calls).
export const RequiredViewer = createParamDecorator((_: unknown, context: ExecutionContext): Viewer => {
  const viewer = GqlExecutionContext.create(context).getContext<GraphQLContext>().auth.viewer;
  if (!viewer) throw new UnauthenticatedError();
  return viewer;
});
