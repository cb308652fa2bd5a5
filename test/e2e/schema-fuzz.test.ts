import { randomUUID } from 'node:crypto';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { PASSWORD, uniqueEmail } from '../support/factories.js';
import { startPlatform } from '../support/http.js';

// Every query and mutation the served schema has, called with hostile values of each argument's
// type (malformed ids, NUL bytes, huge and tiny numbers, SQL and markup, long text): the answer may
// refuse them, but never with an internal error or a stack trace.
const VARIANTS = 8;

const STRINGS = [
  '',
  'x'.repeat(20_000),
  'nul\u0000byte',
  "' OR '1'='1'; DROP TABLE accounts; --",
  '<script>alert(1)</script>',
  '日本語 🚀 café',
  '   ',
  '-1e309',
];
const IDS = ['not-a-uuid', randomUUID(), "1' OR '1'='1", 'nul\u0000', '', '00000000-0000-0000-0000-000000000000', 'x'.repeat(5000), '123'];
const INTS = [0, -1, 2_147_483_647, -2_147_483_648, 1, 100_000, 7, 1000];
const FLOATS = [0, -1, 1e-320, 1e308, -1e308, 5e-324, 91, -181];
const DATES = [
  '1970-01-01T00:00:00Z',
  'not a date',
  '9999-12-31T23:59:59Z',
  '2026-02-30T00:00:00Z',
  '',
  '0000-01-01T00:00:00Z',
  '2026-12-04T12:00:00Z',
  '-271821-04-20T00:00:00Z',
];

function leafValue(typeName: string, v: number, enumValues?: string[]): unknown {
  switch (typeName) {
    case 'ID':
      return IDS[v % IDS.length];
    case 'String':
      return STRINGS[v % STRINGS.length];
    case 'Int':
      return INTS[v % INTS.length];
    case 'Float':
      return FLOATS[v % FLOATS.length];
    case 'Boolean':
      return v % 2 === 0;
    case 'DateTime':
      return DATES[v % DATES.length];
    default:
      if (enumValues) return enumValues[v % enumValues.length];
      return STRINGS[v % STRINGS.length];
  }
}

function valueOf(type: GraphQLInputType, v: number, depth = 0): unknown {
  const t = getNullableType(type);
  if (isListType(t)) return v % 3 === 0 ? [] : [valueOf(t.ofType, v, depth + 1), valueOf(t.ofType, v + 1, depth + 1)];
  if (isInputObjectType(t)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(t.getFields())) {
      // Required fields always; optional ones on odd variants, so both shapes are tried.
      if (isNonNullType(f.type) || (v % 2 === 1 && depth < 3)) out[f.name] = valueOf(f.type, v + f.name.length, depth + 1);
    }
    return out;
  }
  if (isLeafType(t)) return leafValue(t.name, v, isEnumType(t) ? t.getValues().map((e) => e.value as string) : undefined);
  return null;
}

function operation(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, v: number) {
  const args = field.args as GraphQLArgument[];
  const declared = args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const passed = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  const query = `${kind}${declared ? `(${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''}${selection} }`;
  const variables = Object.fromEntries(
    args.filter((a) => isNonNullType(a.type) || v % 2 === 0).map((a) => [a.name, valueOf(a.type, v + a.name.length)]),
  );
  return { query, variables };
}

describe('every query and mutation, fuzzed from the schema', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let schema: GraphQLSchema;
  let token: string;
  beforeAll(async () => {
    platform = await startPlatform();
    const introspection = await platform.gql<IntrospectionQuery>(getIntrospectionQuery());
    schema = buildClientSchema(introspection.data!);
    const reg = await platform.gql<{ register: { token: string } }>('mutation($i: RegisterInput!) { register(input: $i) { token } }', {
      i: { email: uniqueEmail('fuzz'), password: PASSWORD, name: 'Fuzz' },
    });
    token = reg.data!.register.token;
  });
  afterAll(() => platform.close());

  it('answers no hostile argument with an internal error or a stack trace', async () => {
    const failures: string[] = [];
    let calls = 0;
    const roots: Array<['query' | 'mutation', GraphQLField<unknown, unknown>[]]> = [
      ['query', Object.values(schema.getQueryType()!.getFields())],
      // signOut last: it ends the session the rest runs with.
      [
        'mutation',
        Object.values(schema.getMutationType()!.getFields()).sort((a, b) => Number(a.name === 'signOut') - Number(b.name === 'signOut')),
      ],
    ];
    for (const [kind, fields] of roots) {
      for (const field of fields) {
        for (let v = 0; v < VARIANTS; v++) {
          const { query, variables } = operation(kind, field, v);
          // Mostly signed in (past the guards); every fourth call anonymous.
          const res = await platform.gql(query, variables, v % 4 === 3 ? undefined : token);
          calls++;
          const bad = (res.errors ?? []).filter(
            (e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR' || e.extensions?.stacktrace !== undefined,
          );
          if (res.status >= 500 || bad.length)
            failures.push(
              `${field.name} #${v} (${res.status}): ${JSON.stringify(variables).slice(0, 300)} → ${bad.map((e) => e.message).join('; ')}`,
            );
        }
      }
    }
    expect(calls).toBeGreaterThan(500);
    expect(failures).toEqual([]);
  });
});
