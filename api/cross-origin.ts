import type { RequestHandler } from 'express';
import { ApiError } from './errors';

/** What a browser script of an allowed origin may read besides the safelisted headers. */
const EXPOSED_HEADERS = 'Retry-After, Idempotent-Replayed, X-Request-Id';

/**
 * CORS for `/v1`: only the configured origins (BATON_CORS_ORIGINS, the shops whose pages embed the
 * widget) get `Access-Control-Allow-Origin`, naming them exactly; any other origin gets no CORS
 * header, and its preflight a 403 `origin_not_allowed`, so the browser never sends the request.
 * Same-origin pages (the console, the demo) need none. The credential is a header, never a cookie.
 */
export function allowConfiguredOrigins(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins.map((origin) => origin.toLowerCase()));
  return (req, res, next) => {
    const origin = req.get('Origin');
    // One origin's answer must not be cached and handed to another.
    res.vary('Origin');
    const mayCall = origin !== undefined && allowed.has(origin.toLowerCase());
    if (mayCall) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    }
    if (req.method !== 'OPTIONS') return next();
    if (!mayCall) return next(new ApiError(403, 'origin_not_allowed', 'this origin may not call the API from a browser (BATON_CORS_ORIGINS names the ones that may)'));
    res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT, DELETE');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key, Last-Event-ID, X-Request-Id');
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  };
}
