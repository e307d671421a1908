import path from 'node:path';
import express, { Router } from 'express';
import { openApiDocument } from './document';

/**
 * `GET /openapi.json`, the document built from the routes' own zod schemas, and `GET /docs`, the
 * reference page: Swagger UI from the project's own node_modules (swagger-ui-dist), never a CDN.
 */
export function openApiRoutes(): Router {
  const router = Router();
  const swaggerUi = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  router.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  router.get('/docs', (_req, res) => {
    res.setHeader('Content-Security-Policy', DOCS_POLICY);
    res.type('text/html; charset=utf-8').send(DOCS_PAGE);
  });
  router.get('/docs/init.js', (_req, res) => {
    res.setHeader('Content-Security-Policy', DOCS_POLICY);
    res.type('text/javascript; charset=utf-8').send(DOCS_INIT);
  });
  router.use('/vendor/swagger-ui', express.static(swaggerUi, { index: false, setHeaders: (res) => res.setHeader('Content-Security-Policy', DOCS_POLICY) }));
  return router;
}

/** Our own scripts only (Swagger UI's inline styles and data: images aside). */
const DOCS_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Baton API</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="/vendor/swagger-ui/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/vendor/swagger-ui/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`;

/** A file of its own, not an inline script: the page's policy allows only our own scripts. */
const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: true });\n`;
