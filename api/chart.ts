import { Router } from 'express';
import { z } from 'zod';
import { highlightState, statePaths, toMermaid } from '../machines/chart';
import { conversationMachine } from '../machines/conversation';
import { requireRole } from './access';
import { parseOrThrow } from './errors';

const CHART = toMermaid(conversationMachine);
const PATHS = statePaths(conversationMachine) as [string, ...string[]];
export const chartQuery = z.object({ path: z.enum(PATHS).optional() });

/** The conversation machine's state chart as Mermaid, generated from the machine, optionally with one state highlighted. */
export function chartRoutes(): Router {
  const router = Router();
  router.get('/', (req, res) => {
    requireRole(res, 'service', 'supervisor', 'agent');
    const { path } = parseOrThrow(chartQuery, req.query, 'query');
    res.type('text/plain; charset=utf-8').send(path ? highlightState(CHART, path) : CHART);
  });
  return router;
}
