import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type DocumentNode } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

// Lists multiply the cost of what they contain: `first` (or a default page) is the factor.
const listEstimator = ({ args, childComplexity }: { args: Record<string, unknown>; childComplexity: number }) => {
  if (typeof args.first === 'number') return 1 + args.first * childComplexity;
  return undefined;
};

// The cost of an operation depends on its document, its name and its variables. Apollo keeps one
// parsed document per query text, so the cost is kept beside it (per document, a bounded number of
// variable sets) and a repeated query is not walked again.
const PER_DOCUMENT = 64;

export function complexityPlugin(max: number): ApolloServerPlugin {
  const known = new WeakMap<DocumentNode, Map<string, number>>();
  return {
    async requestDidStart({ schema }) {
      return {
        async didResolveOperation({ request, document }) {
          const key = `${request.operationName ?? ''}\u0000${JSON.stringify(request.variables ?? {})}`;
          let costs = known.get(document);
          let complexity = costs?.get(key);
          if (complexity === undefined) {
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
            if (!costs) known.set(document, (costs = new Map<string, number>()));
            if (costs.size >= PER_DOCUMENT) costs.clear();
            costs.set(key, complexity);
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
