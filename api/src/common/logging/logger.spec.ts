import { AppLogger } from './logger.js';
import { contextToCarry, parseContext, requestIdFrom, runWithContext } from './request-context.js';

function capture(level: 'debug' | 'info' | 'warn' | 'error' = 'info') {
  const lines: Array<Record<string, unknown>> = [];
  const logger = new AppLogger(
    level,
    { service: 'spec' },
    { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) },
  );
  return { logger, lines };
}

describe('AppLogger', () => {
  it('writes JSON lines with a textual level, the context and the fields, in their order', () => {
    const { logger, lines } = capture();
    logger.log({ msg: 'shutting down', signal: 'SIGTERM' }, 'Runner');
    logger.error(new Error('boom'));
    expect(lines[0]).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      service: 'spec',
      context: 'Runner',
      msg: 'shutting down',
      signal: 'SIGTERM',
    });
    expect(Object.keys(lines[0]!).slice(-3)).toEqual(['context', 'msg', 'signal']);
    expect(lines[1]).toMatchObject({ level: 'error', msg: 'boom', err: { type: 'Error', message: 'boom' } });
  });

  it("keeps below its level, and demotes Nest's start-up chatter to debug", () => {
    const { logger, lines } = capture('info');
    logger.debug('detail');
    logger.log('Module dependencies initialized', 'InstanceLoader');
    logger.warn('careful');
    expect(lines.map((l) => l.msg)).toEqual(['careful']);
  });

  it('stamps every line inside a unit of work with its request id and trace id', () => {
    const { logger, lines } = capture();
    runWithContext({ requestId: 'req-12345678', traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01` }, () => logger.log('inside'));
    logger.log('outside');
    expect(lines[0]).toMatchObject({ msg: 'inside', requestId: 'req-12345678', traceId: 'a'.repeat(32) });
    expect(lines[1]).not.toHaveProperty('requestId');
  });
});

describe('request context', () => {
  it("keeps a caller's well-formed request id and replaces any other", () => {
    expect(requestIdFrom('abc-123_4.5:6')).toBe('abc-123_4.5:6');
    for (const bad of [undefined, '', 'short', 'with space 123', '"quoted"-id', 'x'.repeat(129)])
      expect(requestIdFrom(bad)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('carries only what a context holds, and reads back only well-formed fields', () => {
    expect(contextToCarry()).toBeUndefined();
    expect(runWithContext({ requestId: 'req-12345678' }, contextToCarry)).toEqual({ requestId: 'req-12345678' });
    expect(parseContext({ requestId: 'req-12345678', traceparent: 'not-a-traceparent', extra: 1 })).toEqual({ requestId: 'req-12345678' });
    expect(parseContext({ requestId: 'bad id' })).toBeUndefined();
    expect(parseContext('req-12345678')).toBeUndefined();
  });
});
