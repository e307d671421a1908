import { TEST_API_KEY, type TestApi } from './api';

export interface ServerSentEvent {
  id?: string;
  event: string;
  data: any;
}

/** Reads server-sent events from `path` until `until` says enough, or the stream ends (10 s at most). */
export async function readEvents(
  api: TestApi,
  path: string,
  until: (events: ServerSentEvent[]) => boolean,
  headers: Record<string, string> = {},
): Promise<ServerSentEvent[]> {
  const abort = new AbortController();
  const response = await fetch(`${api.baseUrl}${path}`, {
    headers: { Authorization: `Bearer ${TEST_API_KEY}`, ...headers },
    signal: abort.signal,
  });
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: ServerSentEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = response.body!.getReader();
  const deadline = setTimeout(() => abort.abort(), 10_000);
  try {
    while (!until(events)) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(
          block
            .split('\n')
            .filter((line) => !line.startsWith(':') && line.includes(': '))
            .map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)]),
        );
        if (fields.event) events.push({ ...(fields.id ? { id: fields.id } : {}), event: fields.event, data: JSON.parse(fields.data ?? 'null') });
      }
    }
  } finally {
    clearTimeout(deadline);
    abort.abort();
  }
  return events;
}
