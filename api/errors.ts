import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, isGrpcServiceError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { ErrorRequestHandler } from 'express';
import { z } from 'zod';
import type { Logger } from '../observability/logger';
import { TRANSITION_REFUSED } from '../workflows/definitions';

/** Every error the API returns has this body: `{ error: { code, message, field?, state? } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { field?: string; state?: string } = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);

/** Where the invalid value sits, e.g. `customer.id`; the whole body when the path is empty. */
export function fieldOf(issue: z.core.$ZodIssue, root: string): string {
  const path = issue.path.map(String).join('.');
  return root === 'body' ? path || 'body' : path ? `${root}.${path}` : root;
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, root: 'body' | 'query' | 'header'): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue ? fieldOf(issue, root) : root;
  throw new ApiError(400, 'invalid_request', `${field}: ${issue?.message ?? 'invalid'}`, { field });
}

/** Turns a workflow's refusal (an update that failed with TransitionRefused) into a 409. */
export function fromWorkflowError(error: unknown): ApiError | null {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    if (error.cause.type === TRANSITION_REFUSED) {
      const detail = error.cause.details?.[0] as { state?: string } | undefined;
      return new ApiError(409, 'transition_refused', error.cause.message, detail?.state ? { state: detail.state } : {});
    }
  }
  if (error instanceof WorkflowNotFoundError) {
    return new ApiError(409, 'conversation_closed', 'the conversation is no longer running');
  }
  return null;
}

/** What a 503 tells the client to wait before trying again. */
export const RETRY_AFTER_SECONDS = 2;

const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '53300']);

function isUnavailable(error: unknown): boolean {
  // An update the request's deadline (api/app.ts) cut short: the workflow may still take it, so the client retries with its key.
  if (isGrpcServiceError(error) || error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  if (error instanceof Error && error.name === 'ServiceError') return true;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  return CONNECTION_ERRORS.has(code);
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const known =
      error instanceof ApiError
        ? error
        : bodyParserError(error) ??
          fromWorkflowError(error) ??
          (isUnavailable(error) ? new ApiError(503, 'unavailable', 'a backing service is unavailable; retry shortly') : null);
    const apiError = known ?? new ApiError(500, 'internal', 'internal error');
    if (!known || apiError.status >= 500) logger.error({ err: error }, 'request failed');
    if (apiError.status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    res.locals.errorCode = apiError.code; // which refusal a 409 was, for the request metrics (api/metrics.ts)
    res.status(apiError.status).json({ error: { code: apiError.code, message: apiError.message, ...apiError.extra } });
  };
}

function bodyParserError(error: unknown): ApiError | null {
  if (typeof error !== 'object' || error === null) return null;
  switch ('type' in error ? error.type : undefined) {
    case 'entity.parse.failed':
      return new ApiError(400, 'invalid_json', 'body: not valid JSON', { field: 'body' });
    case 'entity.verify.failed':
      return new ApiError(400, 'invalid_json', 'body: not valid UTF-8', { field: 'body' });
    case 'entity.too.large': {
      const limit = 'limit' in error && typeof error.limit === 'number' ? error.limit : null;
      const size = limit === null ? 'the limit' : limit >= 1024 * 1024 ? `the ${Math.round(limit / (1024 * 1024))} MB limit` : `the ${Math.round(limit / 1024)} KB limit`;
      return new ApiError(413, 'body_too_large', `body: larger than ${size}`, { field: 'body' });
    }
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError(415, 'unsupported_encoding', 'body: unsupported encoding', { field: 'body' });
    default:
      // A body that does not decompress (a broken deflate or gzip stream: zlib's errors carry
      // status 400 from body-parser) and other unreadable bodies.
      if ('expose' in error && error.expose === true && 'status' in error && typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
        return new ApiError(400, 'invalid_body', 'body: could not be read (a broken compressed stream?)', { field: 'body' });
      }
      return null;
  }
}
