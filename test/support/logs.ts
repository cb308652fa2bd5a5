import type { LoggerService } from '@nestjs/common';

// Collects what the services log (their structured messages), to check what an operator is told.
export function logCollector() {
  const lines: Array<{ level: string; message: Record<string, unknown> }> = [];
  const push = (level: string) => (message: unknown) => void lines.push({ level, message: (typeof message === 'object' && message ? message : { msg: message }) as Record<string, unknown> });
  const logger: LoggerService = { log: push('log'), error: push('error'), warn: push('warn'), debug: push('debug'), verbose: push('verbose'), fatal: push('fatal') };
  return { logger, lines, errors: () => lines.filter((l) => l.level === 'error') };
}
