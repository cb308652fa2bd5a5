import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

// Lists multiply the cost of what they contain: `first` (or a default page) is the factor.
const listEstimator = ({ args, childComplexity }: { args: Record<string, unknown>; childComplexity: number }) => {
  if (typeof args.first === 'number') return 1 + args.first * childComplexity;
  return undefined;
};

export function complexityPlugin(max: number): ApolloServerPlugin {
  return {
    async requestDidStart({ schema }) {
      return {
        async didResolveOperation({ request, document }) {
          let complexity: number;
          try {
            complexity = getComplexity({
              schema,
              operationName: request.operationName,
              query: document,
              variables: request.variables,
              estimators: [fieldExtensionsEstimator(), listEstimator as never, simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch {
            // Variables that do not coerce: execution refuses them next with BAD_USER_INPUT.
            return;
          }
          if (complexity > max) {
            throw new GraphQLError(`Query complexity ${complexity} exceeds the limit of ${max}.`, {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', complexity, limit: max, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
