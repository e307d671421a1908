import { isUtf8 } from 'node:buffer';
import type { RequestHandler } from 'express';
import { UNSTORABLE_TEXT } from '../domain/text';
import { ApiError } from './errors';

/**
 * Text Postgres cannot store, or that is not text at all, refused at the edge with a 400 naming
 * where it is: a NUL (Postgres text cannot hold one) or a lone UTF-16 surrogate (not a character),
 * anywhere in the body, the query or the path; and a path whose percent-escapes do not decode.
 * Let through, one such string once wedged a conversation for good: the workflow moved on while
 * the activity writing it failed and was retried forever.
 */
const UNSTORABLE = UNSTORABLE_TEXT;

/** Deeper than any request a client means to send; deeper is refused before anything walks it. */
export const MAX_DEPTH = 64;

/**
 * Where the first unstorable string (or key) sits, walked without recursion so no nesting can
 * exhaust the stack; `tooDeep` when nesting passed MAX_DEPTH there instead.
 */
function walk(root: unknown, rootPath: string): { at: string; tooDeep: boolean } | null {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: rootPath, depth: 0 }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const { value, path, depth } = item;
    if (typeof value === 'string') {
      if (UNSTORABLE.test(value)) return { at: path, tooDeep: false };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_DEPTH) return { at: path, tooDeep: true };
    const entries = Array.isArray(value) ? value.map((child, index) => [String(index), child] as const) : Object.entries(value);
    // Pushed in reverse, so the first unstorable string in reading order is the one named.
    for (let i = entries.length - 1; i >= 0; i -= 1) {
      const [key, child] = entries[i]!;
      const here = path ? `${path}.${key}` : key;
      if (!Array.isArray(value) && UNSTORABLE.test(key)) return { at: here, tooDeep: false };
      pending.push({ value: child, path: here, depth: depth + 1 });
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
  const inQuery = walk(req.query, '');
  if (inQuery !== null) return next(refuse(`query.${inQuery.at}`, inQuery.tooDeep ? `nested deeper than ${MAX_DEPTH}` : 'contains a NUL or an unpaired surrogate'));
  next();
};

/** After the body is parsed: every string in it must be storable. */
export const refuseUnstorableBody: RequestHandler = (req, _res, next) => {
  const inBody = req.body === undefined ? null : walk(req.body, '');
  if (inBody !== null) return next(refuse(inBody.at || 'body', inBody.tooDeep ? `nested deeper than ${MAX_DEPTH}` : 'contains a NUL or an unpaired surrogate'));
  next();
};

/** For express.json: bytes that are not UTF-8 are refused, not stored as U+FFFD in their place. */
export function refuseInvalidUtf8(_req: unknown, _res: unknown, body: Buffer): void {
  if (!isUtf8(body)) throw new Error('body is not valid UTF-8');
}
