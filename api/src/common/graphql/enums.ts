import { registerEnumType } from '@nestjs/graphql';

// A GraphQL enum built from a domain's const list, so the list is the one place its values are
// written (SQL CHECKs are compared with it by a test; the web reads the generated schema types).
export type EnumObject<T extends string> = { readonly [K in T]: K };

export function graphqlEnum<const T extends string>(
  values: readonly T[],
  options: { name: string; description?: string; valuesMap?: Partial<Record<T, { description?: string; deprecationReason?: string }>> },
): EnumObject<T> {
  const object = Object.fromEntries(values.map((v) => [v, v])) as EnumObject<T>;
  registerEnumType(object, options);
  return object;
}
