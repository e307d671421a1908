/**
 * HTTP calls to the API as the suite's customers and agents make them: each bounded by a 15 s
 * timeout and written down (when, what answered, whether a 503 said when to come back), and
 * retried with the same Idempotency-Key while the answer is one a client should retry.
 */
export const CLIENT_TIMEOUT_MS = 15_000;

/** What a request came to: an HTTP status, or what went wrong on the way. */
export type Outcome = number | 'refused' | 'reset' | 'timeout';

export interface Exchange {
  route: string;
  startedAt: number;
  endedAt: number;
  outcome: Outcome;
  /** A 503 that carried a Retry-After header. */
  retryAfter: boolean;
  detail?: string;
}

export interface Reply {
  outcome: Outcome;
  status: number;
  body: any;
  retryAfterSeconds: number | null;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The answers a client waits out and repeats: the API down or restarting, or a backing service unavailable. */
export const retryable = (reply: Reply) => reply.status === 0 || reply.status === 503;

export class FaultClient {
  readonly exchanges: Exchange[] = [];
  /** Requests in flight now, by route: what a kill interrupts. */
  readonly inFlight = new Map<string, number>();

  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const route = `${method} ${path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id').replace(/\/agents\/[^/]+/, '/agents/:id')}`;
    const startedAt = Date.now();
    this.inFlight.set(route, (this.inFlight.get(route) ?? 0) + 1);
    try {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { Authorization: `Bearer ${this.apiKey}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
      });
      const text = await response.text();
      const retryAfter = response.headers.get('retry-after');
      this.exchanges.push({
        route, startedAt, endedAt: Date.now(), outcome: response.status, retryAfter: retryAfter !== null,
        ...(response.status >= 500 ? { detail: text.slice(0, 300) } : {}),
      });
      const json = text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
      return { outcome: response.status, status: response.status, body: json, retryAfterSeconds: retryAfter === null ? null : Number(retryAfter) };
    } catch (error) {
      const outcome = failureOf(error);
      this.exchanges.push({ route, startedAt, endedAt: Date.now(), outcome, retryAfter: false, detail: String((error as Error).cause ?? error).slice(0, 200) });
      return { outcome, status: 0, body: null, retryAfterSeconds: null };
    } finally {
      this.inFlight.set(route, this.inFlight.get(route)! - 1);
    }
  }

  /**
   * The call again, same key and body, until it is answered with something other than a 503 or
   * no answer, or `limitMs` passes (then the last reply). Waits what Retry-After says, else 1 s.
   */
  async persist(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, limitMs = 120_000): Promise<Reply & { attempts: number }> {
    const deadline = Date.now() + limitMs;
    for (let attempts = 1; ; attempts += 1) {
      const reply = await this.call(method, path, body, headers);
      if (!retryable(reply) || Date.now() > deadline) return { ...reply, attempts };
      await pause(Math.min(5, reply.retryAfterSeconds ?? 1) * 1000 * (0.75 + Math.random() * 0.5));
    }
  }
}

function failureOf(error: unknown): Outcome {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  const code = String((error as { cause?: { code?: string } }).cause?.code ?? '');
  return code === 'ECONNREFUSED' ? 'refused' : 'reset';
}
