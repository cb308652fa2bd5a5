import { createRequire } from 'node:module';
import { sep } from 'node:path';
import type { z as Zod } from 'zod';

const ZOD_FILES = `${sep}node_modules${sep}zod${sep}`;
// zod keeps its configuration and schema registry on globalThis, shared by every copy loaded; the
// configuration's locale closure reaches the whole library.
const ZOD_GLOBALS = ['__zod_globalConfig', '__zod_globalRegistry'] as const;

// zod checks the environment once at start-up (and the demo world when it is seeded), then is not
// needed again: it is required for the check and dropped from require's cache after it, so its
// modules and the schemas built from them are collected instead of kept for the process's life.
export function withZod<T>(check: (z: typeof Zod) => T): T {
  // A require of its own each time: its parent module lists what it loaded and would keep it.
  const require = createRequire(import.meta.url);
  const loadedBefore = new Set(Object.keys(require.cache));
  const globalsBefore = ZOD_GLOBALS.filter((name) => name in globalThis);
  try {
    return check((require('zod') as typeof import('zod')).z);
  } finally {
    for (const path of Object.keys(require.cache)) {
      if (path.includes(ZOD_FILES) && !loadedBefore.has(path)) delete require.cache[path];
    }
    for (const name of ZOD_GLOBALS) if (!globalsBefore.includes(name)) delete (globalThis as Record<string, unknown>)[name];
  }
}
