import { initGraphQLTada } from 'gql.tada';
import type { introspection } from '../graphql-env.d.ts';

// Typed operations: every graphql(`…`) document is checked against schemas/schema.gql (through
// the generated graphql-env.d.ts) and carries its result and variables types.
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { DateTime: string; ID: string };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
export { readFragment } from 'gql.tada';
