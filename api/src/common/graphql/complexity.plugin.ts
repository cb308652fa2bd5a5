import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type DocumentNode } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

// Lists multiply the cost of what they contain: `first` (or a default page) is the factor.
const listEstimator = ({ args, childComplexity }: { args: Record<string, unknown>; childComplexity: number }) => {
  if (typeof args.first === 'number') return 1 + args.first * childComplexity;
  return undefined;
};

// The cost of an operation depends on its document, its name and, of its variables, only the
// numbers and booleans: a list's `first` is the one argument any estimator reads, and only a
// top-level Int variable can supply it (no estimator reads a field's other arguments or an input
// object's fields); a Boolean can include or skip fields (`@include(if: $b)`). Apollo keeps one parsed document per query text, so the cost is kept beside it, per
// document for a bounded number of numeric variable sets, and a repeated query (a search for
// another place or word) is not walked again.
const PER_DOCUMENT = 64;

// What of the variables can change the cost: each top-level variable's number or boolean, or just
// its kind (a string, an object, null). A value of the wrong kind fails to coerce and is never kept.
export function costKey(operationName: string | null | undefined, variables: Record<string, unknown> | undefined): string {
  let key = operationName ?? '';
  if (!variables) return key;
  for (const name of Object.keys(variables).sort()) {
    const value = variables[name];
    key += `\u0000${name}=${typeof value === 'number' || typeof value === 'boolean' ? String(value) : value === null ? 'null' : typeof value}`;
  }
  return key;
}

export function complexityPlugin(max: number): ApolloServerPlugin {
  const known = new WeakMap<DocumentNode, Map<string, number>>();
  return {
    async requestDidStart({ schema }) {
      return {
        async didResolveOperation({ request, document }) {
          const key = costKey(request.operationName, request.variables);
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
