import { createDocument, type ZodOpenApiObject, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponsesObject } from 'zod-openapi';
import type { Operation } from './operation';
import { conversationOperations } from './operations/conversations';
import { edgeOperations } from './operations/edges';
import { floorOperations } from './operations/floor';
import { errorBody } from './responses';

/** Every route the API registers, as the document declares it (test/api/openapi.test.ts holds the two to each other). */
export const OPERATIONS: Operation[] = [...edgeOperations, ...conversationOperations, ...floorOperations];

function toOperationObject(operation: Operation): ZodOpenApiOperationObject {
  const responses: ZodOpenApiResponsesObject = {};
  for (const [status, declared] of Object.entries(operation.responses)) {
    responses[status as `${1 | 2 | 3 | 4 | 5}${string}`] = {
      description: declared.description,
      ...(declared.content ? { content: Object.fromEntries(Object.entries(declared.content).map(([type, schema]) => [type, { schema }])) } : {}),
      ...(declared.headers ? { headers: declared.headers } : {}),
    };
  }
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    tags: [operation.tag],
    security: operation.auth === 'bearer' ? [{ bearer: [] }] : [],
    ...(operation.params ? { requestParams: operation.params } : {}),
    ...(operation.body
      ? { requestBody: { required: operation.body.required ?? true, content: { [operation.body.mediaType ?? 'application/json']: { schema: operation.body.schema } } } }
      : {}),
    responses,
  };
}

export function buildDocument(): ReturnType<typeof createDocument> {
  const paths: ZodOpenApiPathsObject = {};
  for (const operation of OPERATIONS) {
    paths[operation.path] = { ...paths[operation.path], [operation.method]: toOperationObject(operation) };
  }
  const document: ZodOpenApiObject = {
    openapi: '3.1.0',
    info: {
      title: 'Baton',
      version: '0.1.0',
      description:
        'Hands customer-service conversations from a bot to human agents. Every `/v1` route needs `Authorization: Bearer <key>`: ' +
        'the service key, a supervisor or agent key, or a customer token. Every error has the body `{error: {code, message, field?, state?}}`.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The service key (BATON_API_KEY), a supervisor or agent key, or a customer token.' } },
      schemas: { Error: errorBody },
    },
    paths,
  };
  return createDocument(document);
}

let built: ReturnType<typeof createDocument> | null = null;

/** Built once, on first request: the schemas do not change while the process runs. */
export function openApiDocument(): ReturnType<typeof createDocument> {
  built ??= buildDocument();
  return built;
}
