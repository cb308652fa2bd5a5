import { mock, type MockProxy } from 'jest-mock-extended';
import type { Tx, UnitOfWork } from '../../api/src/database/transaction.js';

// For service unit tests: every dependency an auto-mock (jest-mock-extended), and a unit of work
// that runs its callback with a marker transaction and records whether the work committed.
export interface FakeUnitOfWork {
  uow: MockProxy<UnitOfWork>;
  tx: Tx;
  runs: () => number;
}

export function fakeUnitOfWork(): FakeUnitOfWork {
  const tx = { fake: 'tx' } as unknown as Tx;
  let runs = 0;
  const uow = mock<UnitOfWork>();
  uow.run.mockImplementation(async (work) => {
    runs++;
    return work(tx);
  });
  return { uow, tx, runs: () => runs };
}

export { mock, type MockProxy };
