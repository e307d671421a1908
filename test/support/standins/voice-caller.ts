import { randomBytes } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { SIGNATURE_HEADER, signTwilioRequest } from '../../../channels/voice/signature';
import type { AgentEndpoint } from '../../../channels/voice/twiml';

/**
 * A loopback phone call: plays the provider (Twilio, or any TwiML provider) against Baton's voice
 * webhooks. It POSTs signed form requests as the provider would, reads each TwiML answer verb by
 * verb, and lets the test speak, press keys and hang up. Everything heard is kept for asserting.
 */

export interface TwimlNode {
  name: string;
  attrs: Record<string, string>;
  /** The element's own text (a `<Say>`'s words, a `<Redirect>`'s URL), trimmed. */
  text: string;
  children: TwimlNode[];
}

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false, htmlEntities: true });

/** The `<Response>` of a TwiML document; throws on malformed XML, as the provider would refuse it. */
export function parseTwiml(xml: string): TwimlNode {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed TwiML (${valid.err.msg}): ${xml.slice(0, 200)}`);
  const root = toNodes(parser.parse(xml) as unknown[]).find((node) => node.name === 'Response');
  if (!root) throw new Error(`a TwiML document needs a <Response>: ${xml.slice(0, 200)}`);
  return root;
}

function toNodes(items: unknown[]): TwimlNode[] {
  return items.flatMap((item) => {
    const { ':@': attrs = {}, ...rest } = item as Record<string, unknown>;
    const [name, content] = Object.entries(rest)[0] ?? [];
    if (!name || name === '#text' || name.startsWith('?')) return [];
    const children = content as Array<Record<string, unknown>>;
    const text = children.map((child) => (typeof child['#text'] === 'string' ? child['#text'] : '')).join('').trim();
    return [{ name, attrs: attrs as Record<string, string>, text, children: toNodes(children) }];
  });
}

export interface Heard { text: string; language: string | null; voice: string | null }
export type BridgeTarget = AgentEndpoint | { kind: 'other'; verb: string; target: string };
export type CallEvent =
  | { type: 'requested'; url: string; params: Record<string, string>; status: number }
  | { type: 'heard'; text: string; language: string | null }
  | { type: 'listening'; input: string; language: string | null }
  | { type: 'spoke'; text: string } | { type: 'pressed'; digits: string } | { type: 'silent' }
  | { type: 'paused'; seconds: number } | { type: 'played'; url: string }
  | { type: 'enqueued'; queue: string } | { type: 'left_queue'; result: 'leave' | 'hangup' }
  | { type: 'bridged'; to: BridgeTarget } | { type: 'ended'; by: 'baton' | 'caller' | 'failure' };
type CallerInput = { kind: 'speech'; text: string; confidence: number } | { kind: 'dtmf'; digits: string } | { kind: 'silence' };
type Outcome = { next: Doc } | { leave: true } | { ended: true } | { waitDone: true };
interface Doc { url: string; root: TwimlNode }

export interface CallOptions {
  /** Where Baton listens, e.g. `http://127.0.0.1:4000`; TwiML URLs resolve against the document's. */
  baseUrl: string;
  authToken: string;
  from?: string;
  to?: string;
  /** May carry a query, e.g. `/channels/voice/incoming?lang=zh-TW`. */
  incomingPath?: string;
  statusPath?: string;
  /** How often a queued call asks the `waitUrl` again (the provider loops it). Short in tests. */
  pollIntervalMs?: number;
  /** What the provider reports as the call's place in its queue. */
  queueStanding?: () => { position: number; size: number };
}

/** Places the call now; it runs in the background while the test talks to it. */
export function placeCall(options: CallOptions): VoiceCall {
  return new VoiceCall(options);
}

export class VoiceCall {
  readonly callSid = `CA${randomBytes(16).toString('hex')}`;
  readonly heard: Heard[] = [];
  readonly events: CallEvent[] = [];
  bridgedTo: BridgeTarget | null = null;
  ended = false;
  failure: Error | null = null;
  /** Resolves when the call is over, however it ended (it never rejects). */
  readonly finished: Promise<void>;
  private readonly options: Required<CallOptions>;
  private readonly inputs: CallerInput[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly startedAt = Date.now();
  private queue: { sid: string; enteredAt: number } | null = null;
  private bridgeOver = false;
  private heardCursor = 0;

  constructor(options: CallOptions) {
    this.options = {
      from: '+8613800138000', to: '+862150000000', incomingPath: '/channels/voice/incoming', statusPath: '/channels/voice/status',
      pollIntervalMs: 200, queueStanding: () => ({ position: 1, size: 1 }), ...options,
    };
    this.finished = this.run();
  }

  say(text: string, confidence = 0.92): void { this.give({ kind: 'speech', text, confidence }); }
  press(digits: string): void { this.give({ kind: 'dtmf', digits }); }
  /** Lets the current (or next) `<Gather>` time out with nothing heard. */
  staySilent(): void { this.give({ kind: 'silence' }); }
  /** The agent's side hangs up: the `<Dial>` ends and its action is asked what next. */
  agentHangsUp(): void { this.bridgeOver = true; this.changed(); }

  /** The caller hangs up: a queued call's `<Enqueue>` action hears `hangup`, then the status callback. */
  async hangUp(): Promise<void> {
    if (!this.ended) this.end('caller');
    await this.finished;
  }

  /** Something heard after the last thing an earlier wait returned, matching `pattern`. */
  async waitUntilHeard(pattern: RegExp, timeoutMs = 5000): Promise<Heard> {
    const at = await this.until(() => {
      const index = this.heard.findIndex((heard, i) => i >= this.heardCursor && pattern.test(heard.text));
      return index >= 0 ? index : this.ended ? -1 : undefined;
    }, timeoutMs);
    const heard = at === undefined || at < 0 ? undefined : this.heard[at];
    if (!heard || at === undefined) throw this.stuck(`did not hear ${pattern} within ${timeoutMs} ms`);
    this.heardCursor = at + 1;
    return heard;
  }

  async waitUntilBridged(timeoutMs = 5000): Promise<BridgeTarget> {
    const to = await this.until(() => this.bridgedTo ?? (this.ended ? null : undefined), timeoutMs);
    if (!to) throw this.stuck(`was not bridged within ${timeoutMs} ms`);
    return to;
  }

  async waitUntilEnded(timeoutMs = 5000): Promise<void> {
    if (!(await this.until(() => (this.ended ? true : undefined), timeoutMs))) throw this.stuck(`did not end within ${timeoutMs} ms`);
  }

  private async run(): Promise<void> {
    try {
      let doc: Doc | null = await this.request(new URL(this.options.incomingPath, this.options.baseUrl).toString(), 'POST');
      while (doc && !this.ended) {
        const outcome: Outcome = await this.execute(doc);
        doc = 'next' in outcome ? outcome.next : null;
      }
      if (!this.ended) this.end('baton');
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
      if (!this.ended) this.end('failure');
    }
    await this.post(this.options.statusPath, { CallStatus: 'completed', CallDuration: String(Math.round((Date.now() - this.startedAt) / 1000)) }).catch(() => undefined);
  }

  /** Runs one document's verbs in order, as the provider does; in a queue only wait verbs are allowed. */
  private async execute(doc: Doc): Promise<Outcome> {
    const inQueue = this.queue !== null;
    const url = (ref: string) => new URL(ref || doc.url, doc.url).toString();
    for (const verb of doc.root.children) {
      if (this.ended) return { ended: true };
      if (inQueue && !['Say', 'Play', 'Pause', 'Gather', 'Redirect', 'Leave', 'Hangup'].includes(verb.name)) {
        throw new Error(`<${verb.name}> is not allowed in a wait document (${doc.url})`);
      }
      switch (verb.name) {
        case 'Say': this.hear(verb); break;
        case 'Play': this.record({ type: 'played', url: verb.text }); break;
        case 'Pause': this.record({ type: 'paused', seconds: Number(verb.attrs.length ?? 1) }); break;
        case 'Gather': {
          const accepts = (verb.attrs.input ?? 'dtmf').split(/\s+/);
          this.record({ type: 'listening', input: accepts.join(' '), language: verb.attrs.language ?? null });
          for (const say of verb.children.filter((child) => child.name === 'Say')) this.hear(say);
          const input = await this.until(() => this.inputs.shift() ?? (this.ended ? null : undefined), inQueue ? this.options.pollIntervalMs : Infinity);
          if (input === null) return { ended: true };
          if (!input || input.kind === 'silence') { this.record({ type: 'silent' }); break; }
          if (!accepts.includes(input.kind)) throw new Error(`the caller gave ${input.kind} to a <Gather input="${accepts.join(' ')}"> (${doc.url})`);
          const digits = input.kind === 'dtmf' ? input.digits.slice(0, Number(verb.attrs.numDigits ?? input.digits.length)) : '';
          this.record(input.kind === 'speech' ? { type: 'spoke', text: input.text } : { type: 'pressed', digits });
          const given: Record<string, string> = input.kind === 'speech' ? { SpeechResult: input.text, Confidence: String(input.confidence) } : { Digits: digits };
          return { next: await this.request(url(verb.attrs.action ?? ''), verb.attrs.method ?? 'POST', given) };
        }
        case 'Redirect': return { next: await this.request(url(verb.text), verb.attrs.method ?? 'POST') };
        case 'Hangup': case 'Reject': this.end('baton'); return { ended: true };
        case 'Leave': if (inQueue) return { leave: true }; break;
        case 'Enqueue': {
          const left = await this.waitInQueue(verb, url);
          if (left === 'hangup' || this.ended) return { ended: true };
          if (verb.attrs.action) return { next: await this.request(url(verb.attrs.action), verb.attrs.method ?? 'POST', left) };
          break;
        }
        case 'Dial': {
          this.bridgedTo = bridgeTarget(verb);
          this.record({ type: 'bridged', to: this.bridgedTo });
          await this.until(() => (this.bridgeOver || this.ended ? true : undefined), Infinity);
          const dialed = { DialCallStatus: 'completed', DialCallDuration: '1' };
          if (this.ended) { if (verb.attrs.action) await this.post(url(verb.attrs.action), dialed); return { ended: true }; }
          if (verb.attrs.action) return { next: await this.request(url(verb.attrs.action), verb.attrs.method ?? 'POST', dialed) };
          break;
        }
        default: throw new Error(`the simulator does not know <${verb.name}> (${doc.url})`);
      }
    }
    return inQueue ? { waitDone: true } : { ended: true };
  }

  /** Loops the `waitUrl` until a wait document says `<Leave/>` or the caller hangs up. */
  private async waitInQueue(enqueue: TwimlNode, url: (ref: string) => string): Promise<Record<string, string> | 'hangup'> {
    this.queue = { sid: `QU${randomBytes(16).toString('hex')}`, enteredAt: Date.now() };
    this.record({ type: 'enqueued', queue: enqueue.text });
    try {
      while (!this.ended) {
        let wait: Doc | null = enqueue.attrs.waitUrl ? await this.request(url(enqueue.attrs.waitUrl), enqueue.attrs.waitUrlMethod ?? 'POST') : null;
        while (wait && !this.ended) {
          const outcome: Outcome = await this.execute(wait);
          if ('leave' in outcome) {
            this.record({ type: 'left_queue', result: 'leave' });
            return { QueueResult: 'leave', ...this.queueParams() };
          }
          wait = 'next' in outcome ? outcome.next : null;
        }
        await this.until(() => (this.ended ? true : undefined), this.options.pollIntervalMs);
      }
      this.record({ type: 'left_queue', result: 'hangup' });
      if (enqueue.attrs.action) await this.post(url(enqueue.attrs.action), { QueueResult: 'hangup', ...this.queueParams() });
      return 'hangup';
    } finally {
      this.queue = null;
    }
  }

  private queueParams(): Record<string, string> {
    if (!this.queue) return {};
    const { position, size } = this.options.queueStanding();
    const seconds = String(Math.floor((Date.now() - this.queue.enteredAt) / 1000));
    return { QueueSid: this.queue.sid, QueuePosition: String(position), CurrentQueueSize: String(size), QueueTime: seconds, AvgQueueTime: seconds };
  }

  /** One signed request, as the provider makes it; the answer must be TwiML. */
  private async request(url: string, method: string, extra: Record<string, string> = {}): Promise<Doc> {
    const response = await this.send(url, method, extra);
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text.slice(0, 300)}`);
    return { url, root: parseTwiml(text) };
  }

  /** A notice whose answer the provider ignores (status callbacks, a hung-up caller's action). */
  private async post(ref: string, extra: Record<string, string>): Promise<void> {
    await (await this.send(new URL(ref, this.options.baseUrl).toString(), 'POST', extra)).text();
  }

  private async send(url: string, method: string, extra: Record<string, string>): Promise<Response> {
    const { authToken, from, to } = this.options;
    const params: Record<string, string> = {
      CallSid: this.callSid, AccountSid: 'AC00000000000000000000000000000000', From: from, To: to, Caller: from, Called: to,
      CallStatus: this.events.length === 0 ? 'ringing' : 'in-progress', Direction: 'inbound', ApiVersion: '2010-04-01', ...this.queueParams(), ...extra,
    };
    // Baton's documents all say method="POST"; a GET would be signed differently (the URL alone).
    if (method.toUpperCase() !== 'POST') throw new Error(`the simulator only speaks POST, not ${method} ${url}`);
    const response = await fetch(url, {
      method: 'POST',
      headers: { [SIGNATURE_HEADER]: signTwilioRequest(authToken, url, params), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    });
    this.record({ type: 'requested', url, params, status: response.status });
    return response;
  }

  private hear(say: TwimlNode): void {
    const heard = { text: say.text, language: say.attrs.language ?? null, voice: say.attrs.voice ?? null };
    this.heard.push(heard);
    this.record({ type: 'heard', text: heard.text, language: heard.language });
  }

  private give(input: CallerInput): void { this.inputs.push(input); this.changed(); }
  private end(by: 'baton' | 'caller' | 'failure'): void { this.ended = true; this.record({ type: 'ended', by }); }
  private record(event: CallEvent): void { this.events.push(event); this.changed(); }
  private changed(): void { for (const check of [...this.waiters]) check(); }

  /** Resolves with `pick()`'s first defined value, re-asked on every change; undefined on timeout. */
  private until<T>(pick: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
    return new Promise((resolve) => {
      const finish = (value: T | undefined) => { this.waiters.delete(check); clearTimeout(timer); resolve(value); };
      const check = () => { const value = pick(); if (value !== undefined) finish(value); };
      const timer = Number.isFinite(timeoutMs) ? setTimeout(() => finish(undefined), timeoutMs) : undefined;
      this.waiters.add(check);
      check();
    });
  }

  private stuck(what: string): Error {
    const heard = this.heard.map((h) => `«${h.text}»`).join(' ') || 'nothing';
    return new Error(`the call ${what}; heard ${heard}${this.failure ? `; it failed: ${this.failure.message}` : ''}`);
  }
}

function bridgeTarget(dial: TwimlNode): BridgeTarget {
  const [noun] = dial.children;
  if (!noun) return { kind: 'number', number: dial.text };
  if (noun.name === 'Number') return { kind: 'number', number: noun.text };
  if (noun.name === 'Client') return { kind: 'client', identity: noun.children.find((c) => c.name === 'Identity')?.text ?? noun.text };
  return { kind: 'other', verb: noun.name, target: noun.text };
}
