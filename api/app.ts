import { timingSafeEqual } from 'node:crypto';
import express, { type RequestHandler, type Response } from 'express';
import { getAgent } from '../db/agents';
import { principalOf } from './access';
import { cannedReplyRoutes } from './canned-replies';
import { channelRoutes } from './channels';
import { chartRoutes } from './chart';
import { codecRoutes } from './codec';
import { isCustomerToken } from './customer-tokens';
import { demoRoutes } from './demo';
import { knowledgeRoutes } from './knowledge';
import { apiMetricsOf, metricsRoute, timeRequests } from './metrics';
import { openApiRoutes } from './openapi/routes';
import { screenRoutes } from './screens';
import { webhookRoutes } from './webhooks';
import { agentRoutes } from './agents';
import type { ApiContext } from './context';
import { conversationRoutes } from './conversations';
import { keyRoutes } from './keys';
import { principalForKey } from '../db/api-keys';
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
    const principal = presented ? await principalForKey(context.db, presented) : null;
    if (principal) {
      res.locals.principal = principal;
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

const allowCrossOrigin: RequestHandler = (req, res, next) => {
  res.setHeader('Access-Control-Allow-Origin', '*');
  if (req.method !== 'OPTIONS') return next();
  res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT, DELETE');
  res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key, Last-Event-ID');
  res.setHeader('Access-Control-Max-Age', '600');
  res.status(204).end();
};

/** Who the credential is: what the console asks first, to show the right screens. */
async function whoAmI(context: ApiContext, res: Response): Promise<void> {
  const principal = principalOf(res);
  const agent = principal.agentId ? await getAgent(context.db, principal.agentId) : null;
  res.json({ role: principal.role, agentId: principal.agentId, agent, ...(principal.role === 'customer' ? { conversationId: principal.conversationId } : {}) });
}

export function createApp(context: ApiContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(timeRequests(apiMetricsOf(context.db)));
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
  app.use('/channels', channelRoutes(context));

  // Browsers on a shop's own origin call the API with a customer token; the credential is a header, never a cookie.
  app.use('/v1', allowCrossOrigin);
  // Who is asking before what they sent: a request without a key is a 401, whatever its body.
  app.use('/v1', authenticate(context), express.json({ limit: '1mb', verify: refuseInvalidUtf8 }), refuseUnstorableBody);
  app.get('/v1/me', (_req, res, next) => whoAmI(context, res).catch(next));
  app.use('/v1/conversations', conversationRoutes(context));
  app.use('/v1/agents', agentRoutes(context));
  app.use('/v1/keys', keyRoutes(context));
  app.use('/v1/canned-replies', cannedReplyRoutes(context));
  app.use('/v1/knowledge', knowledgeRoutes(context));
  app.use('/v1/chart', chartRoutes());
  app.use('/v1/webhooks', webhookRoutes(context));
  app.use((req, _res, next) => next(new ApiError(404, 'route_not_found', `no route for ${req.method} ${req.path}`)));
  app.use(errorHandler(context.logger));
  return app;
}
