import path from 'node:path';
import express, { Router, type NextFunction, type RequestHandler, type Response } from 'express';
import { packageRoot } from '../config/package-root';
import { ApiError } from './errors';

/**
 * The people's screens, plain files from web/ served by the API process: the agent console, the
 * customer's widget (a script any shop may load from any origin) and, with the embedded demo, the
 * demo shop. The Mermaid library comes from the project's own node_modules, never a CDN.
 */
export function screenRoutes({ demo }: { demo: boolean }): Router {
  const web = path.join(packageRoot(), 'web');
  const router = Router();
  // Every file of the screens carries the page policy: an HTML file reached by its own name too.
  const files = (folder: string) => express.static(path.join(web, folder), { index: false, setHeaders: (res) => res.setHeader('Content-Security-Policy', PAGE_POLICY) });
  /** A file that is missing is a 404 like any unknown route, never a 500. */
  const send = (file: string, res: Response, next: NextFunction) =>
    res.sendFile(file, (error) => error && next(res.headersSent ? error : new ApiError(404, 'route_not_found', 'no such file')));
  const page = (file: string): RequestHandler => (_req, res, next) => {
    res.setHeader('Content-Security-Policy', PAGE_POLICY);
    send(path.join(web, file), res, next);
  };
  // The widget's parts load into shops' pages, cross-origin (helmet's same-origin resource policy would block the loader's <script>).
  const anyOrigin: RequestHandler = (_req, res, next) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    next();
  };

  router.get('/console', page('console/index.html'));
  router.use('/console', files('console'));
  router.use('/shared', anyOrigin, files('shared'));
  router.get('/widget.js', anyOrigin, (_req, res, next) => send(path.join(web, 'widget', 'loader.js'), res, next));
  router.use('/widget', anyOrigin, files('widget'));
  router.get('/vendor/mermaid.min.js', (_req, res, next) => send(require.resolve('mermaid/dist/mermaid.min.js'), res, next));
  if (demo) {
    router.get('/demo', page('demo/index.html'));
    router.use('/demo', files('demo'));
  }
  return router;
}

/** Our own scripts only; inline styles for the chart's SVG. */
const PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";
