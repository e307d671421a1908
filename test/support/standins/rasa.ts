import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One bubble of Rasa's REST channel answer, as Rasa writes it (extra fields included). */
export type RasaBubble = Record<string, unknown>;
export interface RasaIntent {
  name: string;
  confidence: number;
}
/** What the scripted assistant says to one message, and the intent its NLU read. */
export interface RasaTurn {
  bubbles: RasaBubble[];
  intent: RasaIntent;
}

/** A message the REST channel received: what Baton sent. */
export interface RasaWebhookCall {
  sender: string;
  message: string;
  metadata: unknown;
}

/**
 * How the stand-in misbehaves. `webhook`: answer (default), drop the connection, answer a JSON
 * object instead of a list, or answer this HTTP status. `tracker`: answer (default), drop the
 * connection, or answer this status (404 is Rasa without `--enable-api`, 401/403 a token it wants).
 */
export interface RasaKnobs {
  webhook: 'answering' | 'unreachable' | 'malformed' | number;
  /** The webhook answers only after this long. */
  webhookDelayMs: number;
  tracker: 'answering' | 'unreachable' | number;
}

const ANSWERING: RasaKnobs = { webhook: 'answering', webhookDelayMs: 0, tracker: 'answering' };

/**
 * The stand-in's tiny domain: greets, answers opening hours, asks about returns with buttons,
 * follows the buttons' payloads, hands over by a custom payload on "agent please" (and with a
 * reason on "refund over the limit"), reads `human_handoff` in "I want a human", and has nothing
 * to say to anything else.
 */
function scripted(sender: string, message: string): RasaTurn {
  const to = (bubbles: RasaBubble[]) => bubbles.map((b) => ({ recipient_id: sender, ...b }));
  const text = message.trim();
  if (/^\/(\w+)/.test(text)) {
    const intent = /^\/(\w+)/.exec(text)![1]!;
    const replies: Record<string, RasaBubble[]> = {
      return_item: [{ text: 'Print the return label from your order page and drop the parcel at any post office.' }],
      refund_status: [{ text: 'Your refund for order A-1 is on its way: 3–5 working days.' }],
    };
    return { bubbles: to(replies[intent] ?? []), intent: { name: intent, confidence: 1 } };
  }
  if (/^(hi|hello|hey)\b/i.test(text)) {
    return { bubbles: to([{ text: "Hello! I'm Rasa, the shop's assistant." }, { text: 'How can I help?' }]), intent: { name: 'greet', confidence: 0.98 } };
  }
  if (/opening hours|when are you open/i.test(text)) {
    return { bubbles: to([{ text: 'We are open 9:00–18:00, Monday to Friday.' }]), intent: { name: 'ask_opening_hours', confidence: 0.93 } };
  }
  if (/return/i.test(text)) {
    return {
      bubbles: to([
        {
          text: 'Do you want to return an item, or ask about a refund?',
          buttons: [
            { title: 'Return an item', payload: '/return_item', type: 'postback' },
            { title: 'Refund status', payload: '/refund_status{"order":"A-1"}' },
          ],
        },
      ]),
      intent: { name: 'ask_returns', confidence: 0.88 },
    };
  }
  if (/^maybe shipping\b/i.test(text)) {
    return { bubbles: to([{ text: 'Is this about shipping?' }]), intent: { name: 'ask_shipping', confidence: 0.31 } };
  }
  if (/^show me the bag\b/i.test(text)) {
    // What else Rasa may send: images, attachments and custom payloads that are not a handoff.
    return {
      bubbles: to([
        { text: 'Here is the bag.', image: 'https://shop.example.com/bag.png', attachment: { type: 'image' } },
        { custom: { carousel: [{ title: 'Bag' }] } },
      ]),
      intent: { name: 'show_product', confidence: 0.9 },
    };
  }
  if (/^agent please\b/i.test(text)) return { bubbles: to([{ custom: { handoff: true } }]), intent: { name: 'request_agent', confidence: 0.95 } };
  if (/refund over the limit/i.test(text)) {
    return {
      bubbles: to([{ text: 'A colleague needs to approve this.' }, { custom: { handoff: { reason: 'refund over the limit' } } }]),
      intent: { name: 'large_refund', confidence: 0.9 },
    };
  }
  if (/^i want a human\b/i.test(text)) {
    return { bubbles: to([{ text: 'Let me find someone for you.' }]), intent: { name: 'human_handoff', confidence: 0.97 } };
  }
  return { bubbles: [], intent: { name: 'nlu_fallback', confidence: 0.3 } };
}

export interface RasaStandIn {
  url: string;
  /** Every call to `/webhooks/rest/webhook`, in order, answered or not. */
  received: RasaWebhookCall[];
  /** The senders whose tracker was asked for, in order. */
  trackerReads: string[];
  /** Changes how the stand-in behaves from now on (the rest stays as it is). */
  set: (knobs: Partial<RasaKnobs>) => void;
  /** Teaches the domain one more message, or overrides one. */
  teach: (message: string, turn: RasaTurn) => void;
  /** Back to answering, with no taught messages; the records are cleared. */
  reset: () => void;
  stop: () => Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));

async function bodyOf(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

/** A Rasa server on a loopback port: the REST channel and the tracker endpoint of its HTTP API. */
export async function startRasaStandIn(): Promise<RasaStandIn> {
  const received: RasaWebhookCall[] = [];
  const trackerReads: string[] = [];
  const taught = new Map<string, RasaTurn>();
  const latestIntent = new Map<string, RasaIntent>();
  let knobs: RasaKnobs = { ...ANSWERING };

  async function webhook(req: IncomingMessage, res: ServerResponse) {
    const { sender, message, metadata } = JSON.parse(await bodyOf(req)) as RasaWebhookCall;
    received.push({ sender, message, metadata });
    const { webhook: behaviour, webhookDelayMs } = knobs;
    if (webhookDelayMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, webhookDelayMs));
      if (res.destroyed) return;
    }
    if (behaviour === 'unreachable') return void req.socket.destroy();
    if (behaviour === 'malformed') return json(res, 200, { recipient_id: sender, text: 'a single bubble, not a list' });
    if (typeof behaviour === 'number') return json(res, behaviour, { error: 'stand-in failure' });
    const turn = taught.get(message) ?? scripted(sender, message);
    latestIntent.set(sender, turn.intent);
    json(res, 200, turn.bubbles);
  }

  function tracker(req: IncomingMessage, res: ServerResponse, sender: string) {
    trackerReads.push(sender);
    if (knobs.tracker === 'unreachable') return void req.socket.destroy();
    if (typeof knobs.tracker === 'number') return json(res, knobs.tracker, { status: 'failure', code: knobs.tracker });
    const intent = latestIntent.get(sender);
    json(res, 200, {
      sender_id: sender,
      slots: {},
      latest_message: intent ? { intent, entities: [], text: null, intent_ranking: [intent] } : { intent: {}, entities: [] },
      latest_event_time: 1_700_000_000,
      active_loop: {},
    });
  }

  const server: Server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://rasa');
    const trackerPath = /^\/conversations\/([^/]+)\/tracker$/.exec(pathname);
    const handled =
      req.method === 'POST' && pathname === '/webhooks/rest/webhook'
        ? webhook(req, res)
        : req.method === 'GET' && trackerPath
          ? tracker(req, res, decodeURIComponent(trackerPath[1]!))
          : json(res, 404, { status: 'failure', reason: 'NotFound' });
    void Promise.resolve(handled).catch(() => json(res, 400, { status: 'failure', reason: 'BadRequest' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    trackerReads,
    set: (next) => {
      knobs = { ...knobs, ...next };
    },
    teach: (message, turn) => {
      taught.set(message, turn);
    },
    reset: () => {
      knobs = { ...ANSWERING };
      taught.clear();
      latestIntent.clear();
      received.length = 0;
      trackerReads.length = 0;
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
