import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { FastifyInstance } from 'fastify';

// V8's garbage collection with its options (type, execution, flavor), as --expose-gc gives it.
export type CollectGarbage = (options?: {
  type?: 'major' | 'minor';
  execution?: 'sync' | 'async';
  flavor?: 'regular' | 'last-resort';
}) => void | Promise<void>;

// Hands memory back to the system once the API has been idle for a while.
//
// After start-up or a burst of requests V8 holds its young generation (up to 2 × the semi-space cap)
// and the old generation's free pages. Its memory reducer would shrink both once the process goes
// quiet, but it decides from the recent allocation rate and can keep judging a quiet process busy:
// the API then holds tens of MB it no longer uses (docs/benchmarks.md, "Idle memory of the API").
// Here, after `idleMs` without a request, one memory-reducing collection runs, the one V8 runs
// before giving up on an allocation: it compacts, shrinks the young generation and releases free
// pages. Once per idle spell: the next request re-arms it.
export class IdleMemoryReclaimer {
  private lastActivity: number;
  private reclaimed = false;
  private timer?: NodeJS.Timeout;
  reclaims = 0;

  constructor(
    private readonly idleMs: number,
    private readonly collect: CollectGarbage | null = garbageCollector(),
    private readonly now: () => number = Date.now,
  ) {
    this.lastActivity = now();
  }

  get enabled(): boolean {
    return this.idleMs > 0 && this.collect !== null;
  }

  activity(): void {
    this.lastActivity = this.now();
    this.reclaimed = false;
  }

  // Called on a timer: reclaims when the API has been idle long enough and has not since the last request.
  check(): boolean {
    if (!this.enabled || this.reclaimed || this.now() - this.lastActivity < this.idleMs) return false;
    this.reclaimed = true;
    this.reclaims++;
    void this.collect!({ type: 'major', execution: 'async', flavor: 'last-resort' });
    return true;
  }

  start(checkEveryMs = Math.max(1000, Math.floor(this.idleMs / 4))): void {
    if (!this.enabled || this.timer) return;
    this.timer = setInterval(() => this.check(), checkEveryMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

// V8's collector without exposing `gc` to every module: the flag is on only while a fresh context
// is made to hand the function out (as Jest's leak detector obtains it). Null where that is refused.
function garbageCollector(): CollectGarbage | null {
  const exposed = (globalThis as { gc?: CollectGarbage }).gc;
  if (typeof exposed === 'function') return exposed;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as CollectGarbage;
  } catch {
    return null;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}

// Every response counts as activity; the timer stops with the server.
export function installIdleMemoryReclaimer(fastify: FastifyInstance, idleSeconds: number): IdleMemoryReclaimer {
  const reclaimer = new IdleMemoryReclaimer(idleSeconds * 1000);
  if (!reclaimer.enabled) return reclaimer;
  fastify.addHook('onResponse', (_request, _reply, done) => {
    reclaimer.activity();
    done();
  });
  fastify.addHook('onClose', (_instance, done) => {
    reclaimer.stop();
    done();
  });
  reclaimer.start();
  return reclaimer;
}
