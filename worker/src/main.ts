import 'reflect-metadata';
import { runServices } from '../../api/src/runtime/run-services.js';

// Production entrypoint of the worker alone (`node dist/worker/src/main.js`).
await runServices({ worker: () => import('./bootstrap.js').then((m) => m.startWorker) });
