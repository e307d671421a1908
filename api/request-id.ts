import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';

/** A caller's own X-Request-Id when it is a plain token, else one of ours: echoed back, and kept in the audit log. */
const CALLERS_ID = /^[\w.:-]{1,128}$/;

export const assignRequestId: RequestHandler = (req, res, next) => {
  const given = req.get('X-Request-Id');
  const id = given && CALLERS_ID.test(given) ? given : randomUUID();
  res.locals.requestId = id;
  res.setHeader('X-Request-Id', id);
  next();
};

export function requestIdOf(res: Response): string | null {
  return typeof res.locals.requestId === 'string' ? res.locals.requestId : null;
}
