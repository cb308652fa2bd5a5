import type { LoggerService, LogLevel } from '@nestjs/common';
import { pino, type DestinationStream, type Logger } from 'pino';
import { currentContext } from './request-context.js';

export type AppLogLevel = 'debug' | 'info' | 'warn' | 'error';

// Nest's start-up chatter (one line per module and route) is debug detail, not news.
const FRAMEWORK_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'GraphQLModule']);

// Asynchronous writes (sonic-boom): a log line never blocks a request on the terminal or the pipe.
// Each line is handed to the kernel as soon as the previous write is done (minLength 1: nothing is
// held back to batch). pino flushes both on exit; an orderly exit awaits flushLogs() first, so the
// last lines come out whole and in order. Shared by every logger of the process.
type StdStream = ReturnType<typeof pino.destination>;
let streams: { out: StdStream; err: StdStream } | undefined;
function stdStreams() {
  streams ??= {
    out: pino.destination({ dest: 1, sync: false, minLength: 1 }),
    err: pino.destination({ dest: 2, sync: false, minLength: 1 }),
  };
  return streams;
}

// Resolves once every line written so far has reached stdout and stderr.
export async function flushLogs(): Promise<void> {
  if (!streams) return;
  await Promise.all([streams.out, streams.err].map((s) => new Promise<void>((resolve) => s.flush(() => resolve()))));
}

// One pino logger per process: JSON lines with an ISO time and a textual level, info and debug on
// stdout, warn and error on stderr. Every line written inside a request or a job carries its id.
// `destination` replaces the two streams (tests read the lines from it).
export function createPino(level: AppLogLevel, base: Record<string, unknown> = {}, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const c = currentContext();
        const traceId = c?.traceparent?.split('-')[1];
        return { ...(c?.requestId ? { requestId: c.requestId } : {}), ...(traceId ? { traceId } : {}) };
      },
    },
    destination ??
      pino.multistream(
        [
          { level: 'debug', stream: stdStreams().out },
          { level: 'warn', stream: stdStreams().err },
        ],
        { dedupe: true },
      ),
  );
}

// Nest's LoggerService over pino. Nest passes the context as the last string argument (errors pass
// a stack before it); structured messages (objects) become fields of the line.
export class AppLogger implements LoggerService {
  readonly pino: Logger;

  constructor(level: AppLogLevel = 'info', base: Record<string, unknown> = {}, destination?: DestinationStream) {
    this.pino = createPino(level, base, destination);
  }

  log(message: unknown, ...rest: unknown[]) {
    this.write(FRAMEWORK_CONTEXTS.has(rest.at(-1) as string) ? 'debug' : 'info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  setLogLevels(_levels: LogLevel[]) {}

  private write(level: AppLogLevel, message: unknown, rest: unknown[]) {
    if (!this.pino.isLevelEnabled(level)) return;
    const context = typeof rest.at(-1) === 'string' ? (rest.pop() as string) : undefined;
    // Fields keep the order they were given in (msg first when the message comes first).
    const entry: Record<string, unknown> = context ? { context } : {};
    if (message instanceof Error) {
      entry.msg = message.message;
      entry.err = message; // pino's error serializer: type, message, stack, cause
    } else if (message && typeof message === 'object') {
      Object.assign(entry, message);
    } else {
      entry.msg = String(message);
    }
    if (rest.length > 0) entry.extra = rest.map((r) => (r instanceof Error ? { message: r.message, stack: r.stack } : r));
    this.pino[level](entry);
  }
}
