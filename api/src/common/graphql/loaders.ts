import { Injectable, Module, type OnModuleInit, type Provider, type Type } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { collectProvided } from '../multi-provider.js';

// Every per-request DataLoader, by name. Empty here: each module adds its own by declaration
// merging (`declare module '…/common/graphql/loaders.js' { interface LoaderRegistry extends
// DesignLoaders {} }`), so resolvers read `ctx.loaders.design` typed while the kernel names no module.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the registry modules merge into
export interface LoaderRegistry {}

// One module's loaders. `create` runs once per request: a DataLoader's batch and cache live
// exactly as long as the request that made it.
export interface LoadersFactory {
  create(): Partial<LoaderRegistry>;
}

const LOADERS = Symbol('LOADERS');

// Contributes a module's loaders; put it in the providers of the module that owns the repositories.
export function provideLoaders(factory: Type<LoadersFactory>): Provider {
  return { provide: LOADERS, useClass: factory };
}

// Where a request's registry keeps the loaders it has made, by factory.
const MADE = Symbol('made loaders');

// The loaders of every module in the application, fresh for each request and made when first used:
// a request that reads no design builds no design loader. Each request's registry is an object over
// one shared prototype whose getters make a module's loaders (its factory's `create`) the first time
// the request reads one of them, and keep them for the rest of the request.
@Injectable()
export class RequestLoaders implements OnModuleInit {
  private prototype: object = {};

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const factories = collectProvided<LoadersFactory>(this.discovery, LOADERS);
    // Two modules naming the same loader would shadow one another without a word.
    const owner = new Map<string, string>();
    const prototype = {};
    factories.forEach((factory, index) => {
      for (const name of Object.keys(factory.create())) {
        const other = owner.get(name);
        if (other) throw new Error(`Loader "${name}" is provided by both ${other} and ${factory.constructor.name}`);
        owner.set(name, factory.constructor.name);
        Object.defineProperty(prototype, name, {
          enumerable: true,
          get(this: { [MADE]?: Array<Partial<LoaderRegistry>> }) {
            const made = (this[MADE] ??= []);
            return (made[index] ??= factory.create())[name as keyof LoaderRegistry];
          },
        });
      }
    });
    this.prototype = prototype;
  }

  create(): LoaderRegistry {
    // Complete when every module that adds to LoaderRegistry is part of the application.
    return Object.create(this.prototype) as LoaderRegistry;
  }
}

@Module({ imports: [DiscoveryModule], providers: [RequestLoaders], exports: [RequestLoaders] })
export class LoadersModule {}
