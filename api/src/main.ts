import 'reflect-metadata';
import { runServices } from '../../cli/start.js';

// Production entrypoint of the API alone (`node dist/api/src/main.js`).
await runServices({ only: 'api' });
