import 'reflect-metadata';
import { runServices } from '../../cli/start.js';

// Production entrypoint of the worker alone (`node dist/worker/src/main.js`).
await runServices({ only: 'worker' });
