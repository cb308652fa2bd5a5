import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestAuth } from '../auth/viewer.js';
import type { LoaderRegistry } from './loaders.js';

export interface GraphQLContext {
  req: FastifyRequest;
  res: FastifyReply;
  auth: RequestAuth;
  loaders: LoaderRegistry;
}
