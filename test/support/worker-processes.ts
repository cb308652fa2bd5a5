import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { AppConfig } from '../../api/src/config/config.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Real worker processes (dist/worker) on the run's Redis and chain, for crash tests: started,
// SIGKILLed at a random moment once they make progress, started again, and finally run to the end.
export function workerProcesses(config: AppConfig, env: Record<string, string>) {
  const children: ChildProcess[] = [];
  const workerEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    REDIS_URL: process.env.TEST_REDIS_URL,
    RPC_URL: process.env.TEST_RPC_URL,
    CHAIN_ID: process.env.TEST_CHAIN_ID,
    TOKEN_SECRET: config.auth.tokenSecret,
    KEY_ENCRYPTION_SECRET: config.auth.keyEncryptionSecret,
    ...env,
  };
  const start = () => {
    const child = spawn(process.execPath, [join(process.cwd(), 'dist', 'worker', 'src', 'main.js')], { env: workerEnv, stdio: 'ignore' });
    children.push(child);
    return child;
  };
  const stop = async (child: ChildProcess, signal: NodeJS.Signals) => {
    child.kill(signal);
    if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
  };
  return {
    // A worker left running (stop it with stop()).
    start,
    stop: (child: ChildProcess) => stop(child, 'SIGTERM'),
    // Kills a fresh worker without warning, soon after `progress` moves (or after 20 s if it does not).
    async killMidway(progress: () => Promise<number>): Promise<void> {
      const child = start();
      const before = await progress();
      const deadline = Date.now() + 20_000;
      while ((await progress()) === before && Date.now() < deadline) await sleep(25);
      await sleep(Math.random() * 400);
      await stop(child, 'SIGKILL');
    },
    async runUntil(done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
      const child = start();
      const deadline = Date.now() + timeoutMs;
      while (!(await done()) && Date.now() < deadline) await sleep(200);
      await stop(child, 'SIGTERM');
    },
    killAll(): void {
      for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    },
  };
}
