import { Context, log } from '@temporalio/activity';

/** Where activities say what went wrong that they recover from by design. The API's pino logger fits. */
export interface ActivityLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

const inActivity = (): boolean => {
  try {
    Context.current();
    return true;
  } catch {
    return false;
  }
};

/**
 * The default: the running activity's Temporal logger, which adds the activity's workflow, type and
 * attempt and writes to the worker's Runtime logger (temporal/runtime.ts, shown from WARN up);
 * outside a worker (a bench, a test calling an activity directly) the console.
 */
export const temporalActivityLogger: ActivityLogger = {
  warn(fields, message) {
    if (inActivity()) log.warn(message, fields);
    else console.warn(message, fields);
  },
};
