import { parentPort, workerData } from 'node:worker_threads';
import { createDataSource, runMigrations } from './data-source.js';

// The body of migrateInWorker (migrate-in-worker.ts): TypeORM and the migrations are loaded here,
// in a thread of their own, and leave with it. A failure is thrown out of the thread whole.
const { url, applicationName } = workerData as { url: string; applicationName: string };
const dataSource = await createDataSource(url, 2, applicationName).initialize();
try {
  parentPort!.postMessage(await runMigrations(dataSource));
} finally {
  await dataSource.destroy();
}
