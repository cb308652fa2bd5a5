import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Logger, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestToken } from '../common/auth/session-cookie.js';
import { complexityPlugin } from '../common/graphql/complexity.plugin.js';
import type { GraphQLContext } from '../common/graphql/context.js';
import { depthLimit } from '../common/graphql/depth-limit.js';
import { createErrorFormatter } from '../common/graphql/format-error.js';
import { guardInputs } from '../common/graphql/input-guard.js';
import { LoadersModule, RequestLoaders } from '../common/graphql/loaders.js';
import { AnchoringApiModule } from '../anchoring/anchoring.module.js';
import { AuditGraphqlModule } from '../audit/audit.module.js';
import { RewardsGraphqlModule } from '../rewards/rewards.module.js';
import { GovernanceGraphqlModule } from '../governance/governance.module.js';
import { ContributionsGraphqlModule } from '../contributions/contributions.module.js';
import { DesignsGraphqlModule } from '../designs/designs.module.js';
import { FacilitiesGraphqlModule } from '../facilities/facilities.module.js';
import { MatchingGraphqlModule } from '../matching/matching.module.js';
import { CalendarGraphqlModule } from '../calendar/calendar.module.js';
import { LendingGraphqlModule } from '../lending/lending.module.js';
import { FederationGraphqlModule } from '../federation/federation.module.js';
import { ProductionGraphqlModule } from '../production/production.module.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { AccountsService } from '../identity/accounts.service.js';
import { IdentityGraphqlModule, IdentityModule } from '../identity/identity.module.js';
import { APQ_CACHE, ObservabilityModule } from '../observability/observability.module.js';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';

const logger = new Logger('GraphQL');

@Module({
  imports: [
    IdentityGraphqlModule,
    AuditGraphqlModule,
    DesignsGraphqlModule,
    FacilitiesGraphqlModule,
    MatchingGraphqlModule,
    CalendarGraphqlModule,
    LendingGraphqlModule,
    FederationGraphqlModule,
    ProductionGraphqlModule,
    ContributionsGraphqlModule,
    AnchoringApiModule,
    RewardsGraphqlModule,
    GovernanceGraphqlModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [IdentityModule, LoadersModule, ObservabilityModule],
      inject: [APP_CONFIG, AccountsService, RequestLoaders, APQ_CACHE],
      useFactory: (
        config: AppConfig,
        accounts: AccountsService,
        loaders: RequestLoaders,
        apqCache: KeyValueCache<string>,
      ): ApolloDriverConfig => ({
        path: '/graphql',
        // Built in memory; `npm run schema:generate` writes schemas/schema.gql.
        autoSchemaFile: true,
        sortSchema: true,
        transformSchema: guardInputs,
        // Apollo's landing page loads from a CDN, which an offline instance cannot reach.
        playground: false,
        introspection: true,
        csrfPrevention: true,
        // Shared by every API instance (Redis), so a hash registered on one is known to all.
        persistedQueries: { cache: apqCache, ttl: config.observability.apqTtlSeconds },
        // The process owner (runtime/run-services.ts) handles signals and closes Nest, which stops Apollo.
        stopOnTerminationSignals: false,
        // Off unless a developer asks for them (GRAPHQL_DEBUG=true): `npm start` sends none.
        includeStacktraceInErrorResponses: config.graphql.debug,
        validationRules: [depthLimit(config.graphql.maxDepth)],
        // No cache hints are given, so Apollo's cache-control plugin would only wrap every field's
        // resolver to compute a policy no response carries.
        plugins: [complexityPlugin(config.graphql.maxComplexity), ApolloServerPluginCacheControlDisabled()],
        formatError: createErrorFormatter({
          exposeInternals: config.graphql.debug,
          onInternal: (err) => logger.error(err instanceof Error ? err : { msg: 'GraphQL error', err: String(err) }),
        }),
        // Apollo's Fastify integration calls this with the request and the reply.
        context: async (req: FastifyRequest, res: FastifyReply): Promise<GraphQLContext> => ({
          req,
          res,
          auth: await accounts.authenticate(requestToken(req).token),
          // Each module's loaders (provideLoaders), fresh for this request.
          loaders: loaders.create(),
        }),
      }),
    }),
  ],
})
export class ApiGraphqlModule {}
