import type { RequestHandler } from 'express';
import type { Pool } from 'pg';
import type { Registry } from 'prom-client';
import { freeSlotsBySkill, waitingBySkill } from '../db/floor';
import { createApiMetrics, METRICS_CONTENT_TYPE, metricsText, type ApiMetrics } from '../observability/metrics';
import { requireRole } from './access';

interface ServedMetrics {
  metrics: ApiMetrics;
  /** Other registries of this process served with the API's (`npm start`'s in-process worker). */
  alongside: Registry[];
}

/** One set of API metrics per database pool: the app's routes and BATON_METRICS_PORT serve the same. */
const byPool = new WeakMap<Pool, ServedMetrics>();

function servedFor(db: Pool): ServedMetrics {
  let served = byPool.get(db);
  if (!served) {
    served = { metrics: createApiMetrics({ waitingBySkill: () => waitingBySkill(db), freeSlotsBySkill: () => freeSlotsBySkill(db) }), alongside: [] };
    byPool.set(db, served);
  }
  return served;
}

export const apiMetricsOf = (db: Pool): ApiMetrics => servedFor(db).metrics;

/** What the API's metrics endpoints serve: its own registry, and any served alongside it. */
export function apiRegistries(db: Pool): Registry[] {
  const { metrics, alongside } = servedFor(db);
  return [metrics.registry, ...alongside];
}

/** Serves another registry of this process with the API's (the worker's, when `npm start` runs both in one process). */
export function serveAlongside(db: Pool, registry: Registry): void {
  const { alongside } = servedFor(db);
  if (!alongside.includes(registry)) alongside.push(registry);
}

/** The 409s that are a conversation refusing a move (not a conflict over a key or a shortcut). */
const REFUSALS = new Set(['transition_refused', 'conversation_closed']);
/** Every request no route matched (a 404, a static file) is one label value, whatever its path. */
const UNMATCHED = 'unmatched';

/**
 * Times every request by its route template, e.g. `/v1/conversations/:id/accept`, never the raw
 * path (which holds ids). Express sets `req.route` when a route matches, while `req.baseUrl` still
 * is that router's mount path; it restores `baseUrl` on the way out of the router, before an
 * error reaches the error handler — so the template is read at that moment.
 */
export function timeRequests({ httpRequestSeconds, refusedTransitionsTotal }: ApiMetrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    let template = UNMATCHED;
    let matched: unknown;
    Object.defineProperty(req, 'route', {
      configurable: true,
      enumerable: true,
      get: () => matched,
      set: (route: { path?: unknown } | undefined) => {
        matched = route;
        if (typeof route?.path === 'string') template = route.path === '/' && req.baseUrl ? req.baseUrl : `${req.baseUrl}${route.path}`;
      },
    });
    res.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      httpRequestSeconds.observe({ route: template, method: req.method, status: String(res.statusCode) }, seconds);
      const code = res.locals.errorCode as string | undefined;
      if (res.statusCode === 409 && code && REFUSALS.has(code)) refusedTransitionsTotal.inc({ route: template, code });
    });
    next();
  };
}

/** `GET /metrics` on the API's own port, after authentication: the service key or a supervisor's key. */
export function metricsRoute(db: Pool): RequestHandler {
  return async (_req, res) => {
    requireRole(res, 'service', 'supervisor');
    const text = await metricsText(apiRegistries(db));
    res.type(METRICS_CONTENT_TYPE).send(text);
  };
}
