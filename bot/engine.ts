import type { Locale, QuickReply } from '../domain/conversation';

/** What a bot says back to one customer message; null `text` when it did not understand. */
export interface BotReply {
  text: string | null;
  /** 0–1: how sure the bot is that this answers the question. */
  confidence: number;
  quickReplies?: QuickReply[];
  /** The knowledge-base article the answer came from, when it did. */
  articleId?: string;
  /** The company's own bot may decide by itself that a person should take over. */
  handoff?: boolean;
}

export interface BotQuestion {
  conversationId: string;
  messageId: string;
  text: string;
  locale: Locale;
}

/** The bot Baton runs: its own knowledge-base bot, or a company's bot over HTTP. */
export interface BotEngine {
  readonly name: string;
  answer(question: BotQuestion): Promise<BotReply>;
}

/** The bot could not answer at all (down, timed out, malformed): the conversation escalates. */
export class BotUnavailable extends Error {
  readonly code = 'BotUnavailable';
}
