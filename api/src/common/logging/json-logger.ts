import type { LoggerService, LogLevel } from '@nestjs/common';

const ORDER = ['debug', 'info', 'warn', 'error'] as const;
// Nest's start-up chatter (one line per module and route) is debug detail, not news.
const FRAMEWORK_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'GraphQLModule']);
type Level = (typeof ORDER)[number];

// One JSON object per line on stdout/stderr, so logs can be shipped and queried as data.
export class JsonLogger implements LoggerService {
  constructor(
    private readonly minLevel: Level = 'info',
    private readonly base: Record<string, unknown> = {},
  ) {}

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

  private write(level: Level, message: unknown, rest: unknown[]) {
    if (ORDER.indexOf(level) < ORDER.indexOf(this.minLevel)) return;
    // Nest passes the context as the last string argument; errors pass a stack before it.
    const context = typeof rest.at(-1) === 'string' ? (rest.pop() as string) : undefined;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level, ...this.base };
    if (context) entry.context = context;
    if (message instanceof Error) {
      entry.msg = message.message;
      entry.err = { name: message.name, message: message.message, stack: message.stack };
    } else if (message && typeof message === 'object') {
      Object.assign(entry, message);
    } else {
      entry.msg = String(message);
    }
    if (rest.length > 0) entry.extra = rest.map((r) => (r instanceof Error ? { message: r.message, stack: r.stack } : r));
    const line = JSON.stringify(entry) + '\n';
    (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line);
  }
}
