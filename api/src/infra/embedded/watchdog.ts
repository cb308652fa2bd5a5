import { spawn, type ChildProcess } from 'node:child_process';

// A detached sentinel that kills `child` if this process dies without cleaning up
// (SIGKILL, crash), so an embedded chain never outlives the platform.
const SENTINEL = `
const [parent, child] = process.argv.slice(1).map(Number);
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
setInterval(() => {
  if (!alive(child)) process.exit(0);
  if (!alive(parent)) { try { process.kill(child, 'SIGTERM'); } catch {} process.exit(0); }
}, 500);
`;

export function watchParent(child: ChildProcess): () => void {
  if (child.pid === undefined) return () => undefined;
  const sentinel = spawn(process.execPath, ['-e', SENTINEL, String(process.pid), String(child.pid)], {
    detached: true,
    stdio: 'ignore',
  });
  sentinel.unref();
  return () => {
    if (sentinel.exitCode === null) sentinel.kill('SIGKILL');
  };
}
