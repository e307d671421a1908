import type { z } from 'zod';
import { errors, type DeclaredResponse } from './responses';

/** One route as the document declares it: what it takes, and every answer it can give. */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI's form: `/v1/conversations/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** `bearer`: Baton's keys and customer tokens; `provider`: the channel's own secret or signature; `none`. */
  auth: 'bearer' | 'provider' | 'none';
  params?: { path?: z.ZodObject; query?: z.ZodObject; header?: z.ZodObject };
  body?: { schema: z.ZodType; mediaType?: string; required?: boolean };
  responses: Record<number, DeclaredResponse>;
}

/**
 * What any `/v1` route may answer besides its own: a bad path or query (400), no key (401), a
 * customer token outside its conversation (403), a customer token or key over its rate limit (429),
 * a backing service down (503); with a body, also one too large (413) or in an encoding the API
 * does not read (415).
 */
export const V1 = errors(400, 401, 403, 429, 503);
export const V1_WITH_BODY = errors(400, 401, 403, 413, 415, 429, 503);

/** An operation under `/v1`, with the errors every such route shares. */
export function v1(operation: Omit<Operation, 'auth' | 'tag'> & { tag?: string }, tag: string): Operation {
  const shared = operation.body ? V1_WITH_BODY : V1;
  return { ...operation, tag: operation.tag ?? tag, auth: 'bearer', responses: { ...shared, ...operation.responses } };
}
