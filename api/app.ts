import { timingSafeEqual } from 'node:crypto';
import express, { type RequestHandler } from 'express';
import { agentRoutes } from './agents';
import type { ApiContext } from './context';
import { conversationRoutes } from './conversations';
import { keyRoutes } from './keys';
import { principalForKey } from '../db/api-keys';
import { ping } from '../db/pool';
import { ApiError, errorHandler } from './errors';
import { refuseUnstorableBody, refuseUnstorablePath } from './hostile-input';

/** Resolves the bearer key to a principal: the service key, or a supervisor's or agent's key. */
function authenticate(context: ApiContext): RequestHandler {
  const expected = Buffer.from(context.apiKey);
  return async (req, res, next) => {
    const presented = /^Bearer\s+(.+)$/i.exec(req.get('Authorization') ?? '')?.[1]?.trim() ?? '';
    const asBuffer = Buffer.from(presented);
    if (asBuffer.length === expected.length && timingSafeEqual(asBuffer, expected)) {
      res.locals.principal = { role: 'service', agentId: null };
      return next();
    }
    const principal = presented ? await principalForKey(context.db, presented) : null;
    if (principal) {
      res.locals.principal = principal;
      return next();
    }
    res.setHeader('WWW-Authenticate', 'Bearer realm="baton"');
    next(new ApiError(401, 'unauthorized', 'a valid `Authorization: Bearer <key>` header is required'));
  };
}

export function createApp(context: ApiContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(refuseUnstorablePath);

  app.get('/healthz', async (_req, res) => {
    const checks = await Promise.allSettled([
      ping(context.db),
      context.temporal.connection.workflowService.getSystemInfo({}),
    ]);
    const [database, temporal] = checks.map((check) => (check.status === 'fulfilled' ? 'ok' : 'unavailable'));
    const healthy = checks.every((check) => check.status === 'fulfilled');
    res.status(healthy ? 200 : 503).json({ status: healthy ? 'ok' : 'degraded', database, temporal });
  });

  // Who is asking before what they sent: a request without a key is a 401, whatever its body.
  app.use('/v1', authenticate(context), express.json({ limit: '1mb' }), refuseUnstorableBody);
  app.use('/v1/conversations', conversationRoutes(context));
  app.use('/v1/agents', agentRoutes(context));
  app.use('/v1/keys', keyRoutes(context));
  app.use((req, _res, next) => next(new ApiError(404, 'route_not_found', `no route for ${req.method} ${req.path}`)));
  app.use(errorHandler(context.logger));
  return app;
}
