import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Headers that carry credentials are redacted wherever they appear;
 * prompt and completion content is never passed to the logger in the first place.
 */
export function createLogger(level: string = 'info', destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'gatehouse' },
      redact: {
        paths: ['*.authorization', '*.headers.authorization', '*["api-key"]', '*["x-api-key"]', '*.apiKey', '*.password', '*.secret', '*.token'],
        censor: '[redacted]',
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/** A logger that discards everything (tests, the CLI's quiet paths). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
