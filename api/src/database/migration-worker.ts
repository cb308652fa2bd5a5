import { parentPort, workerData } from 'node:worker_threads';
import { createDataSource, runMigrations } from './data-source.js';

// The thread of startMigrator (migrate-in-worker.ts): TypeORM and the migrations load here as soon
// as it starts, then it migrates the database it is sent, answers the names applied, and ends. A
// failure is thrown out of the thread whole.
const port = parentPort!;
const { applicationName } = workerData as { applicationName: string };
const url = await new Promise<string>((resolve) => port.once('message', resolve));
try {
  const dataSource = await createDataSource(url, 2, applicationName).initialize();
  try {
    port.postMessage(await runMigrations(dataSource));
  } finally {
    await dataSource.destroy();
  }
} finally {
  port.close();
}
