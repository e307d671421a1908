/** An agent desk's live feed (`GET /v1/agents/:id/events`), read as the console reads it. */
export interface DeskFeed {
  /** Resolves when an event of `type` about `conversationId` arrives (or has arrived since the last call for it). */
  next(type: string, conversationId: string, timeoutMs?: number): Promise<void>;
  close(): void;
}

export async function openDeskFeed(baseUrl: string, apiKey: string, agentId: string): Promise<DeskFeed> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/v1/agents/${agentId}/events`, { headers: { Authorization: `Bearer ${apiKey}` }, signal: abort.signal });
  if (!response.ok || !response.body) throw new Error(`the desk feed answered ${response.status}`);
  const seen = new Set<string>();
  const waiters = new Map<string, () => void>();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (!event || !data) continue;
          const key = `${event}:${(JSON.parse(data) as { conversationId?: string }).conversationId ?? ''}`;
          const waiter = waiters.get(key);
          if (waiter) {
            waiters.delete(key);
            waiter();
          } else seen.add(key);
        }
      }
    } catch {
      // Closed by the bench.
    }
  })();
  return {
    next(type, conversationId, timeoutMs = 30_000) {
      const key = `${type}:${conversationId}`;
      if (seen.delete(key)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(key);
          reject(new Error(`no ${type} for ${conversationId} on the desk feed within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.set(key, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    close: () => abort.abort(),
  };
}
