import { Worker } from 'node:worker_threads';

// Migrations run in a worker thread. The process that starts the API migrates first; TypeORM
// (hundreds of modules, several MB of heap) is needed for that alone, so it is loaded into the
// worker's isolate, which is freed when the thread exits, and never into the API's.
export interface Migrator {
  // Applies the pending migrations and answers their names. A failure rejects with the error as
  // thrown in the thread (message, stack, the SQLSTATE `code` of a failed statement).
  migrate(url: string): Promise<string[]>;
}

// Started before the database is known (the embedded one may still be booting): the thread loads
// TypeORM on its own core while this one loads the application.
export function startMigrator(applicationName = 'cosmolocal-migrate'): Migrator {
  const worker = new Worker(new URL('./migration-worker.js', import.meta.url), { workerData: { applicationName } });
  const done = new Promise<string[]>((resolve, reject) => {
    let ran: string[] | undefined;
    let failure: Error | undefined;
    worker.on('message', (names: string[]) => {
      ran = names;
    });
    worker.on('error', (err: Error) => {
      failure ??= err;
    });
    worker.on('exit', (code) => {
      if (failure) reject(asThrown(failure));
      else if (ran && code === 0) resolve(ran);
      else reject(new Error(`the migration worker exited with code ${code} before reporting`));
    });
  });
  done.catch(() => undefined); // awaited by migrate(); a start that fails earlier never asks
  return {
    migrate(url) {
      worker.postMessage(url);
      return done;
    },
  };
}

// An error crosses from the thread as an Error carrying its class's name (QueryFailedError…), its
// message, stack and fields; it is given a class of that name again, so that it is logged as it
// would have been had the migrations run in this thread.
function asThrown(err: Error): Error {
  if (Object.getPrototypeOf(err) !== Error.prototype || !err.name || err.name === 'Error') return err;
  const named = { [err.name]: class extends Error {} }[err.name]!;
  Object.setPrototypeOf(err, named.prototype);
  return err;
}
