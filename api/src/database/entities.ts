import type { Provider } from '@nestjs/common';

export type EntityClass = new () => object;

// The TypeORM entities of the application are those of its modules: each module that owns tables
// with entities provides them here (provideEntities), and the DataSource gathers them at start.
export const ENTITIES = Symbol('ENTITIES');

export function provideEntities(...entities: EntityClass[]): Provider {
  return { provide: ENTITIES, useValue: entities };
}
