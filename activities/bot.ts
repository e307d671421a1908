import { ApplicationFailure } from '@temporalio/activity';
import { BotUnavailable, type BotEngine } from '../bot/engine';
import { createKnowledgeBot } from '../bot/knowledge-bot';
import { DEFAULT_TRIGGER_POLICY } from '../bot/policy';
import { afterAnswer, beforeAnswer, onFeedback, type TriggerContext, type Verdict } from '../bot/triggers';
import { isVip } from '../customers/profile';
import { getConversation } from '../db/conversations';
import { recentTurns, secondsBetweenMessages, storeMessage, unhelpfulBotMessages } from '../db/messages';
import { replyLocale } from '../i18n/locale';
import { DEFAULT_PROMPTS, type PromptTemplates } from '../i18n/prompts';
import { botReplySeconds } from '../observability/metrics';
import type { BotMessageKind, EscalationTrigger, Locale, QuickReply, StoredMessage } from '../domain/conversation';
import type { ActivityDependencies } from './types';

export interface AnswerAsBotInput {
  conversationId: string;
  messageId: string;
  text: string;
  locale: Locale | null;
  stepKey: string;
}

export interface BotEscalation {
  trigger: EscalationTrigger;
  evidence: string;
  priority?: number;
}

export interface BotAnswer {
  replies: StoredMessage[];
  /** Set when a trigger fired: the workflow escalates, with this reason and evidence. */
  escalation: BotEscalation | null;
}

/** The menu every bot reply carries: the way to a person, always there. */
const handoffOption = (templates: PromptTemplates): QuickReply => ({ action: 'handoff', label: templates.handoffMenuLabel });

/** What the customer can pick when the bot did not understand. */
const choices = (templates: PromptTemplates): QuickReply[] =>
  [templates.menuOrders, templates.menuShipping, templates.menuRefunds, templates.menuPayments, templates.menuAccount].map((label) => ({
    action: 'message',
    label,
    text: label,
  }));

/** A `metadata.vip` the service set on the conversation: `true`, or what Postgres reads as true (`"yes"`, `1`, …). */
const POSTGRES_TRUE = /^\s*(t|tr|tru|true|y|ye|yes|on|1)\s*$/i;
const saysVip = (value: unknown): boolean =>
  value === true || ((typeof value === 'string' || typeof value === 'number') && POSTGRES_TRUE.test(String(value)));

const escalationOf = (verdict: Extract<Verdict, { action: 'escalate' }>): BotEscalation => ({
  trigger: verdict.trigger,
  evidence: verdict.evidence,
  ...(verdict.priority !== undefined ? { priority: verdict.priority } : {}),
});

export function createBotActivities(dependencies: ActivityDependencies) {
  const { db, prompts = DEFAULT_PROMPTS, triggerPolicy: policy = DEFAULT_TRIGGER_POLICY } = dependencies;
  const bot: BotEngine = dependencies.bot ?? createKnowledgeBot(db);

  const { customerData } = dependencies;

  /**
   * Whether the triggers treat the customer as a VIP: the service said so on the conversation
   * (`metadata.vip`), or the customer-data provider's record does (`isVip`, the same answer the
   * brief and the handoff get) — the CRM when one is configured, Baton's tables otherwise. Read
   * from what the provider has at hand, so a bot turn never waits on a CRM: with a CRM, a VIP
   * counts once the CRM has answered for them within its cache time (a handoff asks it).
   */
  async function treatedAsVip(conversationId: string): Promise<boolean> {
    const conversation = await getConversation(db, conversationId);
    if (!conversation) return false;
    if (saysVip(conversation.metadata.vip)) return true;
    const profile = await customerData.profileAtHand(conversation.customer.id);
    return profile ? isVip(profile) : false;
  }

  async function triggerContext(conversationId: string, answering?: string): Promise<TriggerContext> {
    const [history, unhelpful, vip] = await Promise.all([
      recentTurns(db, conversationId, answering ? { answering } : {}),
      unhelpfulBotMessages(db, conversationId),
      treatedAsVip(conversationId),
    ]);
    return { policy, history, unhelpful, vip };
  }

  return {
    /**
     * The bot's turn. The triggers read the message and what came before; one that fires escalates
     * with its evidence, an offer asks 需要为您转接人工客服吗？, and otherwise the bot answers from
     * its knowledge (or the company's bot) — below the confidence threshold it says it did not
     * understand and offers choices. Every reply carries the way to a person. A bot that cannot
     * answer fails the turn, and after retries the workflow escalates.
     */
    async answerAsBot({ conversationId, messageId, text, locale, stepKey }: AnswerAsBotInput): Promise<BotAnswer> {
      const effectiveLocale = replyLocale(locale, text);
      const templates = prompts[effectiveLocale];
      const context = await triggerContext(conversationId, messageId);
      // A reply is timed from the customer's message once, by the attempt that stored it.
      const store = async (reply: string, kind: BotMessageKind, quickReplies: QuickReply[], meta: Record<string, unknown> = {}) => {
        const stored = await storeMessage(db, { conversationId, sender: 'bot', text: reply, kind, meta, quickReplies, dedupeKey: `step:${stepKey}`, inReplyTo: messageId });
        const seconds = stored.created ? await secondsBetweenMessages(db, messageId, stored.message.id) : null;
        if (seconds !== null) botReplySeconds.observe({ kind }, Math.max(0, seconds));
        return stored.message;
      };

      const before = beforeAnswer(context, { text });
      if (before.action === 'escalate') return { replies: [], escalation: escalationOf(before) };
      if (before.action === 'offer') {
        const offer = await store(templates.handoffOffer, 'handoff_offer', [
          { action: 'handoff', label: templates.yesLabel },
          { action: 'message', label: templates.noLabel, text: templates.noLabel },
        ], { evidence: before.evidence });
        return { replies: [offer], escalation: null };
      }
      if (before.action === 'decline_offer') {
        return { replies: [await store(templates.offerDeclined, 'acknowledgement', [handoffOption(templates)])], escalation: null };
      }

      let reply;
      try {
        reply = await bot.answer({ conversationId, messageId, text, locale: effectiveLocale });
      } catch (error) {
        if (error instanceof BotUnavailable) throw ApplicationFailure.retryable(error.message, error.code);
        throw error;
      }
      if (reply.handoff) return { replies: [], escalation: { trigger: 'bot_decision', evidence: `${bot.name} asked for a person` } };
      const understood = reply.text !== null && reply.confidence >= policy.answerConfidence;
      const kind: BotMessageKind = understood ? 'answer' : 'fallback';
      const meta = { engine: bot.name, confidence: reply.confidence, ...(reply.articleId ? { articleId: reply.articleId } : {}) };
      const message = understood
        ? await store(reply.text!, kind, [...(reply.quickReplies ?? []), handoffOption(templates)], meta)
        : await store(templates.botFallback, kind, [...choices(templates), handoffOption(templates)], meta);
      const after = afterAnswer({ ...context, history: [...context.history, { id: messageId, from: 'customer', text, kind: null }] }, kind);
      return { replies: [message], escalation: after.action === 'escalate' ? escalationOf(after) : null };
    },

    /** A thumbs-down on a bot answer: it may complete a streak of dissatisfaction. */
    async weighFeedback({ conversationId }: { conversationId: string }): Promise<BotEscalation | null> {
      const verdict = onFeedback(await triggerContext(conversationId));
      return verdict.action === 'escalate' ? escalationOf(verdict) : null;
    },
  };
}
