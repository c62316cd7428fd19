import type { FastifyBaseLogger } from 'fastify';

const levels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

/**
 * A logger for command-line tools: services log through `ctx.log` as they do in the server, but a person at a
 * terminal wants warnings and errors as plain lines on stderr rather than JSON.
 */
export function createConsoleLogger(minimum: (typeof levels)[number] | 'silent' = 'warn'): FastifyBaseLogger {
  const threshold = minimum === 'silent' ? levels.length : levels.indexOf(minimum);
  const logger: Record<string, unknown> = { level: minimum };
  for (const [index, level] of levels.entries()) {
    logger[level] = (first: unknown, second?: unknown) => {
      if (index < threshold) return;
      const message = typeof first === 'string' ? first : typeof second === 'string' ? second : '';
      const error = (first as { err?: unknown } | undefined)?.err;
      const reason = error instanceof Error ? `: ${error.message}` : '';
      process.stderr.write(`trellis: ${level}: ${message}${reason}\n`);
    };
  }
  logger.silent = () => {};
  logger.child = () => logger;
  return logger as unknown as FastifyBaseLogger;
}
