import { timingSafeEqual } from 'node:crypto';
import express, { type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import { getAgent } from '../db/agents';
import { principalOf } from './access';
import { auditRoutes } from './audit';
import { cannedReplyRoutes } from './canned-replies';
import { channelRoutes } from './channels';
import { chartRoutes } from './chart';
import { codecRoutes } from './codec';
import { allowConfiguredOrigins } from './cross-origin';
import { isCustomerToken } from './customer-tokens';
import { demoRoutes } from './demo';
import { knowledgeRoutes } from './knowledge';
import { apiMetricsOf, metricsRoute, timeRequests } from './metrics';
import { openApiRoutes } from './openapi/routes';
import { createRateLimits, limitV1 } from './rate-limits';
import { assignRequestId } from './request-id';
import { screenRoutes } from './screens';
import { webhookRoutes } from './webhooks';
import { agentRoutes } from './agents';
import type { ApiContext } from './context';
import { conversationRoutes } from './conversations';
import { keyRoutes } from './keys';
import { activeApiKey, principalForKey } from '../db/api-keys';
import { ping } from '../db/pool';
import { ApiError, RETRY_AFTER_SECONDS, errorHandler } from './errors';
import { refuseInvalidUtf8, refuseUnstorableBody, refuseUnstorablePath } from './hostile-input';

/**
 * What a customer token may reach: its own conversation's reads and customer side, nothing else.
 * Checked here, before any route, as well as by the routes themselves.
 */
const CUSTOMER_ROUTES: Array<[methods: string[], path: RegExp]> = [
  [['GET', 'HEAD'], /^\/conversations\/([^/]+)(?:\/messages|\/events)?\/?$/],
  [['POST'], /^\/conversations\/([^/]+)\/(?:messages|handoff|leave-queue|messages\/[^/]+\/feedback)\/?$/],
];

const customerMayReach = (method: string, path: string, conversationId: string) =>
  CUSTOMER_ROUTES.some(([allowed, pattern]) => allowed.includes(method) && pattern.exec(path)?.[1] === conversationId);

/** Resolves the bearer credential to a principal: the service key, a supervisor's or agent's key, or a customer token. */
function authenticate(context: ApiContext): RequestHandler {
  const expected = Buffer.from(context.apiKey);
  return async (req, res, next) => {
    const presented = /^Bearer\s+(.+)$/i.exec(req.get('Authorization') ?? '')?.[1]?.trim() ?? '';
    const asBuffer = Buffer.from(presented);
    if (asBuffer.length === expected.length && timingSafeEqual(asBuffer, expected)) {
      res.locals.principal = { role: 'service', agentId: null };
      return next();
    }
    if (isCustomerToken(presented)) {
      const conversationId = context.customerTokens.verify(presented)?.conversationId;
      if (conversationId) {
        if (!customerMayReach(req.method, req.path, conversationId)) {
          return next(new ApiError(403, 'forbidden', 'a customer token reaches only its own conversation'));
        }
        res.locals.principal = { role: 'customer', agentId: null, conversationId };
        res.locals.credentialStillValid = async () => context.customerTokens.verify(presented) !== null;
        return next();
      }
    }
    const held = presented ? await activeApiKey(context.db, presented) : null;
    if (held) {
      res.locals.principal = { role: held.role, agentId: held.agentId };
      // What the rate limit counts and the audit log names: the key's id, never the key.
      res.locals.keyId = held.id;
      res.locals.credentialStillValid = async () => (await principalForKey(context.db, presented)) !== null;
      return next();
    }
    res.setHeader('WWW-Authenticate', 'Bearer realm="baton"');
    next(new ApiError(401, 'unauthorized', 'a valid `Authorization: Bearer <key>` header is required'));
  };
}

/** How long /healthz waits for each part, and how long every request's Temporal calls may take in all. */
const HEALTH_CHECK_MS = 2000;
const TEMPORAL_BUDGET_MS = 10_000;

function withinMs<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * helmet's headers on every answer. Its Content-Security-Policy is the API's own — nothing to run,
 * nothing to frame — and each page replaces it with its own (api/screens.ts, api/openapi/routes.ts,
 * api/codec-sign-in.ts); the widget's files say `Cross-Origin-Resource-Policy: cross-origin` themselves.
 */
const securityHeaders = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] } },
});

/** Who the credential is: what the console asks first, to show the right screens. */
async function whoAmI(context: ApiContext, res: Response): Promise<void> {
  const principal = principalOf(res);
  const agent = principal.agentId ? await getAgent(context.db, principal.agentId) : null;
  res.json({ role: principal.role, agentId: principal.agentId, agent, ...(principal.role === 'customer' ? { conversationId: principal.conversationId } : {}) });
}

export function createApp(context: ApiContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders, assignRequestId);
  app.use(timeRequests(apiMetricsOf(context.db)));
  const limits = createRateLimits(context.db, context.rateLimits, context.logger);
  app.use(refuseUnstorablePath);

  app.get('/healthz', async (_req, res) => {
    const checks = await Promise.allSettled([
      withinMs(HEALTH_CHECK_MS, ping(context.db)),
      context.temporal.connection.withDeadline(Date.now() + HEALTH_CHECK_MS, () => context.temporal.connection.workflowService.getSystemInfo({})),
    ]);
    const [database, temporal] = checks.map((check) => (check.status === 'fulfilled' ? 'ok' : 'unavailable'));
    const healthy = checks.every((check) => check.status === 'fulfilled');
    if (!healthy) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(healthy ? 200 : 503).json({ status: healthy ? 'ok' : 'degraded', database, temporal });
  });

  // Every Temporal call a request makes shares one deadline (the SDK would otherwise retry for ~20 s).
  const budgetMs = context.temporalBudgetMs ?? TEMPORAL_BUDGET_MS;
  const temporalDeadline: RequestHandler = (_req, _res, next) => void context.temporal.connection.withDeadline(Date.now() + budgetMs, async () => next());
  app.use(['/v1', '/channels'], temporalDeadline);

  if (context.demo) app.use('/demo', demoRoutes(context));
  app.use(screenRoutes({ demo: context.demo ?? false }));
  // The OpenAPI document of every route, and its reference page (no key needed).
  app.use(openApiRoutes());
  // Prometheus metrics: the service key or a supervisor's (BATON_METRICS_PORT serves them without a key on a port of its own).
  app.get('/metrics', authenticate(context), metricsRoute(context.db));

  // The Temporal UI's codec server: an operator's key or sign-in cookie, from the UI's origins only (api/codec.ts).
  if (context.codecEndpoint) {
    app.use('/codec', codecRoutes(context.codecEndpoint, { authenticate: authenticate(context), db: context.db, serviceKey: context.apiKey, customerTokens: context.customerTokens }));
  }

  // The providers' webhooks: authenticated by each provider's own secret or signature, not Baton's keys.
  app.use('/channels', channelRoutes(context, limits));

  // Browsers on the shops' own origins call the API with a customer token: those origins only (BATON_CORS_ORIGINS).
  app.use('/v1', allowConfiguredOrigins(context.corsOrigins ?? []));
  // Who is asking before what they sent: a request without a key is a 401, whatever its body; one over its limit a 429, unread.
  app.use('/v1', authenticate(context), limitV1(limits), express.json({ limit: '1mb', verify: refuseInvalidUtf8 }), refuseUnstorableBody);
  app.get('/v1/me', (_req, res, next) => whoAmI(context, res).catch(next));
  app.use('/v1/conversations', conversationRoutes(context));
  app.use('/v1/agents', agentRoutes(context));
  app.use('/v1/keys', keyRoutes(context));
  app.use('/v1/canned-replies', cannedReplyRoutes(context));
  app.use('/v1/knowledge', knowledgeRoutes(context));
  app.use('/v1/chart', chartRoutes());
  app.use('/v1/webhooks', webhookRoutes(context));
  app.use('/v1/audit', auditRoutes(context));
  app.use((req, _res, next) => next(new ApiError(404, 'route_not_found', `no route for ${req.method} ${req.path}`)));
  app.use(errorHandler(context.logger));
  return app;
}
