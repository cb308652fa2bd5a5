import { Injectable, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import DataLoader from 'dataloader';
import { LoadersModule, provideLoaders, RequestLoaders, type LoadersFactory } from './loaders.js';

// The loaders below are not part of the application's registry, so their names are not either.
const loaders = (factory: Type<unknown>) => provideLoaders(factory as Type<LoadersFactory>);

// Two modules, each contributing its loaders; the registry sees both without naming either.
const calls: string[][] = [];

@Injectable()
class WordsLoaders {
  create() {
    return {
      upper: new DataLoader<string, string>(async (keys) => {
        calls.push([...keys]);
        return keys.map((k) => k.toUpperCase());
      }),
    };
  }
}

let numbersMade = 0;

@Injectable()
class NumbersLoaders {
  create() {
    numbersMade++;
    return { double: new DataLoader<number, number>(async (keys) => keys.map((k) => k * 2)) };
  }
}

@Injectable()
class OtherWordsLoaders {
  create() {
    return { upper: new DataLoader<string, string>(async (keys) => [...keys]) };
  }
}

@Module({ providers: [loaders(WordsLoaders)] })
class WordsModule {}

@Module({ providers: [loaders(NumbersLoaders)] })
class NumbersModule {}

@Module({ providers: [loaders(OtherWordsLoaders)] })
class OtherWordsModule {}

async function registryOf(...modules: Array<new () => unknown>) {
  @Module({ imports: [LoadersModule, ...modules] })
  class AppModule {}
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
  await app.init();
  return app;
}

type Registry = { upper: DataLoader<string, string>; double: DataLoader<number, number> };

describe('request loaders', () => {
  beforeEach(() => {
    calls.length = 0;
  });

  it('gathers every module’s loaders and batches one request’s lookups into one call', async () => {
    const app = await registryOf(WordsModule, NumbersModule);
    try {
      const request = app.get(RequestLoaders).create() as unknown as Registry;
      expect(await Promise.all([request.upper.load('a'), request.upper.load('b'), request.upper.load('a')])).toEqual(['A', 'B', 'A']);
      expect(await request.double.load(21)).toBe(42);
      expect(calls).toEqual([['a', 'b']]);
    } finally {
      await app.close();
    }
  });

  it('gives each request loaders of its own, so nothing is cached across requests', async () => {
    const app = await registryOf(WordsModule);
    try {
      const first = app.get(RequestLoaders).create() as unknown as Registry;
      const second = app.get(RequestLoaders).create() as unknown as Registry;
      expect(second.upper).not.toBe(first.upper);
      await first.upper.load('a');
      await first.upper.load('a');
      await second.upper.load('a');
      expect(calls).toEqual([['a'], ['a']]);
    } finally {
      await app.close();
    }
  });

  it('makes a module’s loaders only when a request first reads one, once for the request', async () => {
    const app = await registryOf(WordsModule, NumbersModule);
    try {
      const before = numbersMade;
      const request = app.get(RequestLoaders).create() as unknown as Registry;
      expect(await request.upper.load('a')).toBe('A');
      expect(numbersMade).toBe(before);
      expect(request.double).toBe(request.double);
      expect(await request.double.load(2)).toBe(4);
      expect(numbersMade).toBe(before + 1);
      expect(Object.keys(Object.getPrototypeOf(request)).sort()).toEqual(['double', 'upper']);
    } finally {
      await app.close();
    }
  });

  it('refuses to start when two modules provide a loader of the same name', async () => {
    await expect(registryOf(WordsModule, OtherWordsModule)).rejects.toThrow('Loader "upper" is provided by both');
  });
});
