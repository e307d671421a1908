import { z } from 'zod';
import type { QuickReply } from '../domain/conversation';
import { BotUnavailable, type BotEngine, type BotQuestion, type BotReply } from './engine';

/**
 * A company's Rasa bot, over Rasa's REST channel. Each customer message is POSTed to
 * `{url}/webhooks/rest/webhook` as `{sender: conversationId, message, metadata: {locale, messageId}}`;
 * the bubbles Rasa answers become one reply and their buttons quick replies. Rasa asks for a person
 * with a `custom: {handoff: …}` bubble, or by recognising one of `handoffIntents`, which Baton reads
 * from the tracker (Rasa's HTTP API, `rasa run --enable-api`; without it only the bubble counts).
 */
const button = z.object({ title: z.string().min(1), payload: z.string().min(1).optional() });
const bubble = z.object({
  recipient_id: z.string().optional(),
  text: z.string().nullish(),
  buttons: z.array(button).nullish(),
  custom: z.unknown().optional(),
  image: z.string().nullish(),
});
const rasaAnswer = z.array(bubble);
type RasaBubble = z.infer<typeof bubble>;

/** `custom: {handoff: true}` or `custom: {handoff: {reason}}`: the bot's own "a person, please". */
const handoffRequest = z.object({ handoff: z.union([z.literal(true), z.object({ reason: z.string().optional() })]) });

const tracker = z.object({
  latest_message: z.object({ intent: z.object({ name: z.string().min(1), confidence: z.number() }) }).nullish(),
});
type LatestIntent = { name: string; confidence: number };

export interface RasaBotOptions {
  /** Where Rasa runs, e.g. `http://rasa:5005` (the REST channel's own address is accepted too). */
  url: string;
  /** Intents that mean the customer wants a person. */
  handoffIntents: readonly string[];
  /** How long each call to Rasa may take. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

const REST_CHANNEL = '/webhooks/rest/webhook';

/** The server's base address, whether the setting names it or its REST channel. */
const serverUrl = (url: string): string => {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.endsWith(REST_CHANNEL) ? trimmed.slice(0, -REST_CHANNEL.length) : trimmed;
};

const isHandoff = ({ custom }: RasaBubble): boolean => handoffRequest.safeParse(custom).success;

/** A button sends its payload back as the customer's message (`/intent{…}` is what Rasa expects). */
const quickRepliesOf = (bubbles: RasaBubble[]): QuickReply[] =>
  bubbles.flatMap(({ buttons }) =>
    (buttons ?? []).flatMap(({ title, payload }) => (payload ? [{ action: 'message' as const, label: title, text: payload }] : [])),
  );

export function createRasaBot({ url, handoffIntents, timeoutMs, fetch: request = globalThis.fetch }: RasaBotOptions): BotEngine {
  const base = serverUrl(url);
  const handoffIntentNames = new Set(handoffIntents);

  async function sendMessage({ conversationId, messageId, text, locale }: BotQuestion): Promise<RasaBubble[]> {
    let status: number;
    let body: string;
    try {
      const response = await request(`${base}${REST_CHANNEL}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ sender: conversationId, message: text, metadata: { locale, messageId } }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      body = await response.text();
    } catch (error) {
      const { name, message } = error as { name?: string; message?: string };
      throw new BotUnavailable(
        name === 'TimeoutError' || name === 'AbortError' ? `Rasa did not answer within ${timeoutMs} ms` : `Rasa is unreachable at ${base} (${message})`,
      );
    }
    if (status < 200 || status > 299) throw new BotUnavailable(`Rasa answered HTTP ${status} on ${REST_CHANNEL}`);
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new BotUnavailable(`Rasa answered something that is not JSON on ${REST_CHANNEL}`);
    }
    const parsed = rasaAnswer.safeParse(json);
    if (!parsed.success) {
      throw new BotUnavailable(`Rasa answered malformed data on ${REST_CHANNEL} at ${parsed.error.issues[0]?.path.join('.') || 'body'}`);
    }
    return parsed.data;
  }

  /**
   * The intent Rasa read in the message just sent, or null when its HTTP API is off (404), closed
   * to Baton (401/403) or failing: then only the `custom` bubble can hand over, and the turn goes on.
   */
  async function latestIntent(conversationId: string): Promise<LatestIntent | null> {
    try {
      const response = await request(`${base}/conversations/${encodeURIComponent(conversationId)}/tracker?include_events=NONE`, {
        headers: { Accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) {
        await response.body?.cancel();
        return null;
      }
      const parsed = tracker.safeParse(await response.json());
      const intent = parsed.success ? parsed.data.latest_message?.intent : undefined;
      return intent ? { name: intent.name, confidence: Math.min(1, Math.max(0, intent.confidence)) } : null;
    } catch {
      return null;
    }
  }

  return {
    name: 'rasa',
    async answer(question): Promise<BotReply> {
      const bubbles = await sendMessage(question);
      const texts = bubbles.flatMap(({ text }) => (text && text.trim() ? [text.trim()] : []));
      const text = texts.length ? texts.join('\n\n') : null;
      const quickReplies = quickRepliesOf(bubbles);
      const replyOf = (confidence: number, handoff: boolean): BotReply => ({
        text,
        confidence: text === null ? 0 : confidence,
        ...(quickReplies.length ? { quickReplies } : {}),
        ...(handoff ? { handoff } : {}),
      });
      // Rasa said so itself: no need to ask why.
      if (bubbles.some(isHandoff)) return replyOf(1, true);
      const intent = await latestIntent(question.conversationId);
      return replyOf(intent?.confidence ?? 1, intent !== null && handoffIntentNames.has(intent.name));
    },
  };
}
