import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** Contact details never reach the logs, wherever they appear in a logged object. */
const REDACTED_PATHS = ['phone', 'email', '*.phone', '*.email', '*.*.phone', '*.*.email', 'req.headers.authorization'];

export function createLogger(level: string, name = 'baton', destination?: pino.DestinationStream): Logger {
  const options = { name, level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
