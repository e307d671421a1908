import { ApplicationFailure } from '@temporalio/activity';
import type { ActivityInterceptors } from '@temporalio/worker';

/**
 * Postgres errors no retry can fix: a value the database refuses (SQLSTATE class 22: a NUL, half a
 * surrogate pair in jsonb, a number out of range) or one too big to index (54000). Retried, they
 * fail forever and wedge the conversation behind them; as non-retryable failures they surface at
 * once — the workflow sees an activity failure, and operators find it in the Temporal UI.
 */
export function isUnfixableDatabaseError(error: unknown): error is Error & { code: string } {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  return /^22[0-9A-Z]{3}$/.test(code) || code === '54000';
}

/** The worker's activity interceptor that turns those errors into non-retryable failures. */
export function unfixableErrorsInterceptor(): ActivityInterceptors {
  return {
    inbound: {
      async execute(input, next) {
        try {
          return await next(input);
        } catch (error) {
          if (isUnfixableDatabaseError(error)) throw ApplicationFailure.nonRetryable(`the database refused a value: ${error.message}`, `postgres:${error.code}`);
          throw error;
        }
      },
    },
  };
}
