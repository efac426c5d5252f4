import { LoggerService, LogLevel } from '@nestjs/common';

export const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** The levels printed at `threshold` and above it in importance. */
export function levelsFrom(threshold: LogLevel): LogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(threshold) + 1);
}

/**
 * One JSON object per line: `level`, `time`, `context`, `message`, and the
 * fields of an object message flattened beside them, so that log tools can
 * filter on `correlationId`, `incidentId` and the like.
 */
export class JsonLogger implements LoggerService {
  private levels: Set<LogLevel>;

  constructor(
    levels: LogLevel[],
    private readonly write: (line: string) => void = (line) => process.stdout.write(line),
  ) {
    this.levels = new Set(levels);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.emit('log', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.emit('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.emit('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.emit('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.emit('verbose', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.emit('fatal', message, params);
  }

  setLogLevels(levels: LogLevel[]): void {
    this.levels = new Set(levels);
  }

  private emit(level: LogLevel, message: unknown, params: unknown[]): void {
    if (!this.levels.has(level)) return;
    const rest = [...params];
    // Nest passes the context last, and for errors a stack trace first.
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const stack = level === 'error' && typeof rest[0] === 'string' ? (rest.shift() as string) : undefined;
    const fields =
      message instanceof Error
        ? { message: message.message, stack: message.stack }
        : typeof message === 'object' && message !== null
          ? message
          : { message: String(message) };
    const entry = { level, time: new Date().toISOString(), context, ...fields, ...(stack ? { stack } : {}) };
    this.write(`${JSON.stringify(entry)}\n`);
  }
}
