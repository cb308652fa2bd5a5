import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// A pid file that refuses a second platform on the same DATA_DIR while the first lives.
export function acquireDataDirLock(dataDir: string): () => Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'cosmolocal.pid');
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch {
    const holder = Number(readFileSync(file, 'utf8').trim());
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new Error(`DATA_DIR ${dataDir} is in use by process ${holder}. Stop it or set another DATA_DIR.`);
    }
    // A stale lock from a process that died: take it over.
    writeFileSync(file, String(process.pid));
  }
  return async () => rmSync(file, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
