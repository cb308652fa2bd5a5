import 'reflect-metadata';
import { ACCESS_KEY } from '../common/auth/access.decorator.js';
import { RESOLVERS } from './resolvers.js';

// @nestjs/graphql marks resolver methods with these metadata keys.
const RESOLVER_KEYS = ['graphql:resolver_type', 'graphql:resolver_name', 'graphql:resolve_property'];

function resolverMethods(cls: { prototype: object; name: string }): string[] {
  return Object.getOwnPropertyNames(cls.prototype).filter((name) => {
    if (name === 'constructor') return false;
    const fn = (cls.prototype as Record<string, unknown>)[name];
    return typeof fn === 'function' && RESOLVER_KEYS.some((k) => Reflect.getMetadata(k, fn as object) !== undefined);
  });
}

describe('resolver access declarations', () => {
  it('finds the resolver methods it checks', () => {
    const all = RESOLVERS.flatMap((cls) => resolverMethods(cls));
    expect(all).toEqual(expect.arrayContaining(['register', 'login', 'me', 'createOrganization', 'addMember', 'members']));
  });

  it('every resolver method declares public or authenticated access', () => {
    const undeclared = RESOLVERS.flatMap((cls) =>
      resolverMethods(cls)
        .filter(
          (m) =>
            !['public', 'authenticated'].includes(
              Reflect.getMetadata(ACCESS_KEY, (cls.prototype as unknown as Record<string, object>)[m]!),
            ),
        )
        .map((m) => `${cls.name}.${m}`),
    );
    expect(undeclared).toEqual([]);
  });
});
