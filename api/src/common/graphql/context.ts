import type { Request, Response } from 'express';
import type { RequestAuth } from '../auth/viewer.js';
import type { AnchoringLoaders } from '../../anchoring/anchoring.loaders.js';
import type { ContributionLoaders } from '../../contributions/contributions.loaders.js';
import type { DesignLoaders } from '../../designs/designs.loaders.js';
import type { FacilityLoaders } from '../../facilities/facilities.loaders.js';
import type { GovernanceLoaders } from '../../governance/governance.loaders.js';
import type { IdentityLoaders } from '../../identity/identity.loaders.js';
import type { ProductionLoaders } from '../../production/production.loaders.js';

export interface GraphQLContext {
  req: Request;
  res: Response;
  auth: RequestAuth;
  loaders: IdentityLoaders & DesignLoaders & FacilityLoaders & ProductionLoaders & ContributionLoaders & AnchoringLoaders & GovernanceLoaders;
}
