import { spawn } from 'node:child_process';

// Embedded services run detached (a process group of their own, so a terminal's Ctrl-C
// reaches only the platform, which stops them after closing its clients). A detached
// sentinel per service stops it should this process die without cleaning up (SIGKILL,
// a crash), so no embedded service outlives the platform.
const SENTINEL = `
const [parent, child] = process.argv.slice(1).map(Number);
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
setInterval(() => {
  if (!alive(child)) process.exit(0);
  if (!alive(parent)) { try { process.kill(child, 'SIGTERM'); } catch {} process.exit(0); }
}, 500);
`;

export function watchParent(childPid: number | undefined): () => void {
  if (childPid === undefined) return () => undefined;
  const sentinel = spawn(process.execPath, ['-e', SENTINEL, String(process.pid), String(childPid)], {
    detached: true,
    stdio: 'ignore',
  });
  sentinel.unref();
  return () => {
    if (sentinel.exitCode === null) sentinel.kill('SIGKILL');
  };
}
