import { z } from 'zod';
import { BotUnavailable, type BotEngine } from './engine';

/**
 * A company's own bot over HTTP. Baton POSTs `{conversationId, messageId, text, locale}` and expects
 * `{text: string | null, confidence: 0–1, handoff?: boolean, quickReplies?: [...]}` within the
 * timeout. A bot that is down, slow or answers nonsense fails the turn; after the activity's
 * retries the conversation escalates instead of hanging.
 */
const replySchema = z.object({
  text: z.string().min(1).nullable(),
  confidence: z.number().min(0).max(1),
  handoff: z.boolean().optional(),
  quickReplies: z
    .array(z.object({ action: z.enum(['handoff', 'message']), label: z.string().min(1), text: z.string().optional() }))
    .max(10)
    .optional(),
});

export function createWebhookBot({ url, timeoutMs, token }: { url: string; timeoutMs: number; token?: string }): BotEngine {
  return {
    name: 'webhook',
    async answer(question) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(question),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const { name, message } = error as { name?: string; message?: string };
        throw new BotUnavailable(name === 'TimeoutError' || name === 'AbortError' ? `the bot did not answer within ${timeoutMs} ms` : `the bot is unreachable (${message})`);
      }
      if (!response.ok) throw new BotUnavailable(`the bot answered HTTP ${response.status}`);
      const parsed = replySchema.safeParse(await response.json().catch(() => undefined));
      if (!parsed.success) throw new BotUnavailable(`the bot answered malformed data at ${parsed.error.issues[0]?.path.join('.') || 'body'}`);
      return parsed.data;
    },
  };
}
