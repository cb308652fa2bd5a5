#!/usr/bin/env -S MALLOC_ARENA_MAX=2 GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072 node --max-semi-space-size=32
// (The young generation capped and glibc's allocator tuned as `npm start` does: docs/benchmarks.md,
// "Idle memory of the API".)
// Runs the compiled CLI (`npm run build` produces dist/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('cosmolocal is not built yet: run `npm run build` first.\n');
  process.exit(1);
}
await import(entry.href);
