import type { RequestHandler } from 'express';
import { ApiError } from './errors';

/**
 * Text Postgres cannot store, or that is not text at all, refused at the edge with a 400 naming
 * where it is: a NUL (Postgres text cannot hold one) or a lone UTF-16 surrogate (not a character),
 * anywhere in the body, the query or the path; and a path whose percent-escapes do not decode.
 * Let through, one such string once wedged a conversation for good: the workflow moved on while
 * the activity writing it failed and was retried forever.
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function unstorableAt(value: unknown, path: string): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = unstorableAt(item, path ? `${path}.${index}` : String(index));
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key;
      if (UNSTORABLE.test(key)) return here;
      const found = unstorableAt(item, here);
      if (found !== null) return found;
    }
  }
  return null;
}

const refuse = (field: string, what: string) =>
  new ApiError(400, 'invalid_request', `${field}: ${what}`, { field });

/** Before routing: the path's escapes must decode to storable text. */
export const refuseUnstorablePath: RequestHandler = (req, _res, next) => {
  for (const segment of req.path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return next(refuse('path', 'malformed percent-escape'));
    }
    if (UNSTORABLE.test(decoded)) return next(refuse('path', 'contains a NUL or an unpaired surrogate'));
  }
  const inQuery = unstorableAt(req.query, '');
  if (inQuery !== null) return next(refuse(`query.${inQuery}`, 'contains a NUL or an unpaired surrogate'));
  next();
};

/** After the body is parsed: every string in it must be storable. */
export const refuseUnstorableBody: RequestHandler = (req, _res, next) => {
  const inBody = req.body === undefined ? null : unstorableAt(req.body, '');
  if (inBody !== null) return next(refuse(inBody || 'body', 'contains a NUL or an unpaired surrogate'));
  next();
};
