import type { LoggerService } from '@nestjs/common';
import { AppLogger, type AppLogLevel } from '../../api/src/common/logging/logger.js';

// Collects what the services log (their structured messages), to check what an operator is told.
export function logCollector() {
  const lines: Array<{ level: string; message: Record<string, unknown> }> = [];
  const push = (level: string) => (message: unknown) =>
    void lines.push({ level, message: (typeof message === 'object' && message ? message : { msg: message }) as Record<string, unknown> });
  const logger: LoggerService = {
    log: push('log'),
    error: push('error'),
    warn: push('warn'),
    debug: push('debug'),
    verbose: push('verbose'),
    fatal: push('fatal'),
  };
  return { logger, lines, errors: () => lines.filter((l) => l.level === 'error') };
}

// The platform's own logger (pino) writing its JSON lines here instead of stdout and stderr.
export function jsonLogCapture(level: AppLogLevel = 'debug') {
  const lines: Array<Record<string, unknown>> = [];
  const logger = new AppLogger(level, {}, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}
