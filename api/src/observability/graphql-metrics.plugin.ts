import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { MetricsService } from './metrics.service.js';

// Times every GraphQL operation, labelled by its name once the document has been validated
// (a request that fails to parse or validate is labelled "(invalid)").
@Plugin()
export class GraphqlMetricsPlugin implements ApolloServerPlugin {
  constructor(private readonly metrics: MetricsService) {}

  async requestDidStart(): Promise<GraphQLRequestListener<Record<string, unknown>>> {
    const started = process.hrtime.bigint();
    const metrics = this.metrics;
    return {
      async willSendResponse({ operation, operationName, response }) {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
        if (!operation) metrics.observeGraphql('(invalid)', 'unknown', false, seconds);
        else metrics.observeGraphql(operationName, operation.operation, !errors?.length, seconds);
      },
    };
  }
}
