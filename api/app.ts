import { timingSafeEqual } from 'node:crypto';
import express, { type RequestHandler } from 'express';
import { agentRoutes } from './agents';
import type { ApiContext } from './context';
import { conversationRoutes } from './conversations';
import { ApiError, errorHandler } from './errors';

function requireServiceKey(apiKey: string): RequestHandler {
  const expected = Buffer.from(apiKey);
  return (req, res, next) => {
    const presented = Buffer.from(/^Bearer\s+(.+)$/i.exec(req.get('Authorization') ?? '')?.[1]?.trim() ?? '');
    if (presented.length === expected.length && timingSafeEqual(presented, expected)) return next();
    res.setHeader('WWW-Authenticate', 'Bearer realm="baton"');
    next(new ApiError(401, 'unauthorized', 'a valid `Authorization: Bearer <BATON_API_KEY>` header is required'));
  };
}

export function createApp(context: ApiContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '1mb' }));

  app.get('/healthz', async (_req, res) => {
    const checks = await Promise.allSettled([
      context.db.query('select 1'),
      context.temporal.connection.workflowService.getSystemInfo({}),
    ]);
    const [database, temporal] = checks.map((check) => (check.status === 'fulfilled' ? 'ok' : 'unavailable'));
    const healthy = checks.every((check) => check.status === 'fulfilled');
    res.status(healthy ? 200 : 503).json({ status: healthy ? 'ok' : 'degraded', database, temporal });
  });

  app.use('/v1', requireServiceKey(context.apiKey));
  app.use('/v1/conversations', conversationRoutes(context));
  app.use('/v1/agents', agentRoutes(context));
  app.use((req, _res, next) => next(new ApiError(404, 'route_not_found', `no route for ${req.method} ${req.path}`)));
  app.use(errorHandler(context.logger));
  return app;
}
