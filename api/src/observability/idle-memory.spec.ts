import { IdleMemoryReclaimer, type CollectGarbage } from './idle-memory.js';

describe('IdleMemoryReclaimer', () => {
  let clock: number;
  let calls: Array<Parameters<CollectGarbage>[0]>;
  const collect: CollectGarbage = (options) => void calls.push(options);
  const reclaimer = (idleMs: number, gc: CollectGarbage | null = collect) => new IdleMemoryReclaimer(idleMs, gc, () => clock);

  beforeEach(() => {
    clock = 1_000_000;
    calls = [];
  });

  it('reclaims once the API has been idle for the whole spell, with a memory-reducing collection', () => {
    const r = reclaimer(10_000);
    clock += 9_999;
    expect(r.check()).toBe(false);
    clock += 1;
    expect(r.check()).toBe(true);
    expect(calls).toEqual([{ type: 'major', execution: 'async', flavor: 'last-resort' }]);
  });

  it('reclaims once per idle spell: again only after a request', () => {
    const r = reclaimer(10_000);
    clock += 10_000;
    r.check();
    clock += 60_000;
    expect(r.check()).toBe(false);
    r.activity();
    clock += 5_000;
    expect(r.check()).toBe(false);
    clock += 5_000;
    expect(r.check()).toBe(true);
    expect(calls).toHaveLength(2);
    expect(r.reclaims).toBe(2);
  });

  it('does nothing while requests keep coming', () => {
    const r = reclaimer(10_000);
    for (let i = 0; i < 10; i++) {
      clock += 6_000;
      r.activity();
      expect(r.check()).toBe(false);
    }
    expect(calls).toHaveLength(0);
  });

  it('is off at 0 seconds and where no collector can be had', () => {
    clock += 1e9;
    expect(reclaimer(0).check()).toBe(false);
    expect(reclaimer(10_000, null).check()).toBe(false);
    expect(reclaimer(0).enabled).toBe(false);
    expect(calls).toHaveLength(0);
  });

  it('obtains V8 collector without leaving gc exposed to other code', () => {
    const r = new IdleMemoryReclaimer(1000);
    expect(r.enabled).toBe(true);
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});
