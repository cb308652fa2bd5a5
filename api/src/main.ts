import 'reflect-metadata';
import { runServices } from './runtime/run-services.js';

// Production entrypoint of the API alone (`node dist/api/src/main.js`).
await runServices({ api: () => import('./bootstrap.js').then((m) => m.startApi) });
