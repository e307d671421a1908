/**
 * Reads a server-sent event stream with fetch, so the credential travels in a header, never in a
 * URL (EventSource cannot send one). Each event's id is remembered; after a dropped connection it
 * reconnects with Last-Event-ID and the server resumes right after the last event seen, so nothing
 * is lost or doubled. `onEvent(type, data, id)` gets every event; `onStatus('open' | 'retrying' |
 * 'ended' | 'refused')` tells the screen how the connection is. Returns `{ close() }`.
 */
export function followEvents({ baseUrl = '', path, credential, lastEventId = null, onEvent, onStatus = () => {} }) {
  let closed = false;
  let controller = null;
  let lastId = lastEventId;
  let delay = 500;

  async function connect() {
    while (!closed) {
      controller = new AbortController();
      const headers = { Authorization: `Bearer ${credential()}`, Accept: 'text/event-stream' };
      if (lastId) headers['Last-Event-ID'] = lastId;
      try {
        const response = await fetch(new URL(path, baseUrl || location.origin), { headers, signal: controller.signal, cache: 'no-store' });
        if (response.status === 401 || response.status === 403 || response.status === 404) {
          onStatus('refused', response.status);
          return;
        }
        if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
        onStatus('open');
        delay = 500;
        await readEvents(response.body, (type, data, id) => {
          if (id) lastId = id;
          // A screen's mistake with one event must not stop the stream, nor go unseen.
          try {
            onEvent(type, data, id);
          } catch (error) {
            console.error('event handler failed', type, error);
          }
        });
        // The server ends a stream once there is nothing more to tell (a resolved conversation).
        if (!closed) {
          onStatus('ended');
          return;
        }
      } catch (error) {
        if (closed) return;
        onStatus('retrying');
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 10_000);
      }
    }
  }

  connect();
  return {
    close() {
      closed = true;
      controller?.abort();
    },
    get lastEventId() {
      return lastId;
    },
  };
}

async function readEvents(body, deliver) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      let type = 'message';
      let id = null;
      const data = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const content = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') type = content;
        else if (field === 'data') data.push(content);
        else if (field === 'id') id = content;
      }
      if (data.length === 0) continue;
      let parsed;
      try {
        parsed = JSON.parse(data.join('\n'));
      } catch {
        parsed = data.join('\n');
      }
      deliver(type, parsed, id);
    }
  }
}
