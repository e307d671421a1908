/**
 * Calls Baton's REST API with a bearer credential (an agent's or supervisor's key, or a customer
 * token). Every refusal becomes an ApiError carrying the API's own code and message.
 */
export class ApiError extends Error {
  constructor(status, code, message, field, state) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field ?? null;
    /** For a refused transition (409), the state the conversation was in. */
    this.state = state ?? null;
  }
}

export function createApi({ baseUrl = '', credential }) {
  async function call(method, path, body, { accept, extraHeaders = {} } = {}) {
    const headers = { Authorization: `Bearer ${credential()}`, ...extraHeaders };
    if (accept) headers.Accept = accept;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(new URL(path, baseUrl || location.origin), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
    }
    if (response.status === 204) return null;
    const text = await response.text();
    const parsed = text ? safeJson(text) : null;
    if (!response.ok) {
      const error = parsed?.error ?? {};
      throw new ApiError(response.status, error.code ?? 'http_' + response.status, error.message ?? response.statusText, error.field, error.state);
    }
    return parsed ?? text;
  }
  return {
    get: (path) => call('GET', path),
    /** `idempotencyKey`: the same key on a retry makes one message, answered once. */
    post: (path, body = {}, { idempotencyKey } = {}) => call('POST', path, body, { extraHeaders: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {} }),
    put: (path, body) => call('PUT', path, body),
    delete: (path) => call('DELETE', path),
    /** Plain text (the state chart), with the API's errors as for JSON. */
    text: (path) => call('GET', path, undefined, { accept: 'text/plain' }),
  };
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
