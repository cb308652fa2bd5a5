import {
  defaultFieldResolver,
  getNullableType,
  GraphQLFloat,
  GraphQLID,
  GraphQLString,
  isInputObjectType,
  isListType,
  isObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { InvalidInputError } from '../errors/domain-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// The smallest normal double: below it (but not zero) a value underflows in PostgreSQL.
const MIN_NORMAL = 2.2250738585072014e-308;

// Rules every argument of the API keeps, checked once here for every field of the schema, so no
// resolver can forget them:
// - an ID is a UUID (records and files are named by CIDs and agents by DIDs, which are Strings);
// - no String holds a NUL character (PostgreSQL text cannot store one);
// - no Float is so small that it underflows (a non-zero magnitude below 2.2e-308).
export function guardInputs(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.args.length) continue;
      const args = field.args;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, values, context, info) => {
        for (const arg of args) check((values as Record<string, unknown>)[arg.name], arg.type, arg.name);
        return resolve(source, values, context, info);
      };
    }
  }
  return schema;
}

function check(value: unknown, type: GraphQLInputType, path: string): void {
  if (value === null || value === undefined) return;
  const t = getNullableType(type);
  if (isListType(t)) {
    if (Array.isArray(value)) value.forEach((v, i) => check(v, t.ofType, `${path}[${i}]`));
    return;
  }
  if (isInputObjectType(t)) {
    for (const f of Object.values(t.getFields())) check((value as Record<string, unknown>)[f.name], f.type, `${path}.${f.name}`);
    return;
  }
  if (t === GraphQLID) {
    if (typeof value !== 'string' || !UUID.test(value))
      throw new InvalidInputError(
        path,
        `${path} is not a valid id (ids are UUIDs, such as 1b4e28ba-2fa1-11d2-883f-0016d3cca427).`,
        'INVALID_ID',
      );
  } else if (t === GraphQLString) {
    if (typeof value === 'string' && value.includes('\u0000'))
      throw new InvalidInputError(path, `${path} contains a NUL character.`, 'NUL_CHARACTER');
  } else if (t === GraphQLFloat) {
    if (typeof value === 'number' && value !== 0 && Math.abs(value) < MIN_NORMAL)
      throw new InvalidInputError(path, `${path} is too close to zero to be stored; use 0 or a larger magnitude.`, 'OUT_OF_RANGE');
  }
}
