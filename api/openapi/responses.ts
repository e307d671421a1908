import { z } from 'zod';

/** The one error body every route answers with (api/errors.ts), and the error responses a route may give. */
export const errorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable: `invalid_request`, `invalid_json`, `unauthorized`, `forbidden`, `not_found`, `route_not_found`, `transition_refused`, …' }),
      message: z.string(),
      field: z.string().optional().meta({ description: 'Where the invalid value is: `customer.id`, `query.limit`, `path`, `body`, `Idempotency-Key`…' }),
      state: z.string().optional().meta({ description: 'The state a transition was refused in.' }),
    }),
  })
  .meta({ id: 'Error', description: 'Every error has this body.' });

/** One response as the document declares it: a description and, per media type, the body's schema (none for a body-less answer). */
export interface DeclaredResponse {
  description: string;
  content?: Record<string, z.ZodType>;
  headers?: z.ZodObject;
}

export const JSON_TYPE = 'application/json';
export const json = (description: string, schema: z.ZodType, headers?: z.ZodObject): DeclaredResponse => ({ description, content: { [JSON_TYPE]: schema }, ...(headers ? { headers } : {}) });
export const text = (description: string, mediaType: string): DeclaredResponse => ({ description, content: { [mediaType]: z.string() } });
export const empty = (description: string): DeclaredResponse => ({ description });

const ERRORS = {
  400: 'A bad request: the field it names (`error.field`) is missing, malformed or out of range, or holds text Postgres cannot store.',
  401: 'No valid credential (`unauthorized`).',
  403: 'The credential may not do this (`forbidden`).',
  404: 'An unknown id (a malformed id is an unknown id), or a channel not configured.',
  409: 'Refused in the present state (`transition_refused` with `state`), or a conflict (`idempotency_key_reused`, `shortcut_taken`, …).',
  413: 'The body is larger than the limit (`body_too_large`).',
  415: 'The body has an encoding or charset the API does not read (`unsupported_encoding`).',
  429: 'Too many requests from this caller this minute (`rate_limited`); `Retry-After` says in how many seconds to try again.',
  503: 'Postgres or Temporal cannot be reached (`unavailable`); retry shortly.',
} as const;

export type ErrorStatus = keyof typeof ERRORS;

/** The error responses, each with the shared error body. */
export const errors = (...statuses: ErrorStatus[]): Record<number, DeclaredResponse> =>
  Object.fromEntries(statuses.map((status) => [status, json(ERRORS[status], errorBody, status === 429 ? retryAfter : undefined)]));

const retryAfter = z.object({ 'Retry-After': z.string().meta({ description: 'Seconds until the limit lets this caller through again.' }) });
