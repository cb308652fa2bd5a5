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

// The values of a schema enum, from the generated types: the web writes no enumeration by hand.
type SchemaTypes = introspection['types'];
type EnumName = { [K in keyof SchemaTypes]: SchemaTypes[K] extends { enumValues: unknown } ? K : never }[keyof SchemaTypes];
export type Enum<N extends EnumName> = SchemaTypes[N] extends { enumValues: infer V } ? V : never;
