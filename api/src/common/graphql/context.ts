import type { Request, Response } from 'express';
import type { RequestAuth } from '../auth/viewer.js';
import type { LoaderRegistry } from './loaders.js';

export interface GraphQLContext {
  req: Request;
  res: Response;
  auth: RequestAuth;
  loaders: LoaderRegistry;
}
