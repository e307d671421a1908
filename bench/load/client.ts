/** HTTP calls to the stack, each timed by route and bounded by the request budget. */
export interface Reply {
  status: number;
  body: any;
}

export const REQUEST_BUDGET_MS = 30_000;

export class LoadClient {
  readonly timings = new Map<string, number[]>();
  readonly statuses = new Map<number, number>();
  readonly failures: string[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const route = `${method} ${path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id').replace(/\/agents\/[^/]+/, '/agents/:id')}`;
    const startedAt = performance.now();
    try {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { Authorization: `Bearer ${this.apiKey}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_BUDGET_MS),
      });
      const text = await response.text();
      this.record(route, startedAt, response.status);
      if (response.status >= 500) this.failures.push(`${route} answered ${response.status}: ${text.slice(0, 300)}`);
      return { status: response.status, body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
    } catch (error) {
      this.record(route, startedAt, 0);
      this.failures.push(`${route} did not answer within ${REQUEST_BUDGET_MS} ms: ${String(error)}`);
      return { status: 0, body: null };
    }
  }

  private record(route: string, startedAt: number, status: number): void {
    const list = this.timings.get(route) ?? [];
    list.push(performance.now() - startedAt);
    this.timings.set(route, list);
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
