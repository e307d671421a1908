import type { ConversationReply } from './definitions';

/** How many handled customer message ids (with their replies) a run remembers and carries on. */
const HANDLED_KEPT = 200;

/**
 * The customer messages already handled, with the reply each caused: a message delivered again (a
 * retrying client) is answered with the same reply instead of being handled twice. Bounded, and
 * carried across continue-as-new.
 */
export class HandledMessages {
  private readonly replies: Map<string, ConversationReply>;

  constructor(carried: Array<{ messageId: string; reply: ConversationReply }> = []) {
    this.replies = new Map(carried.map((entry) => [entry.messageId, entry.reply]));
  }

  has(messageId: string): boolean {
    return this.replies.has(messageId);
  }

  replyTo(messageId: string): ConversationReply | undefined {
    return this.replies.get(messageId);
  }

  remember(messageId: string, reply: ConversationReply): void {
    this.replies.set(messageId, reply);
    if (this.replies.size > HANDLED_KEPT) this.replies.delete(this.replies.keys().next().value as string);
  }

  carry(): Array<{ messageId: string; reply: ConversationReply }> {
    return [...this.replies].map(([messageId, reply]) => ({ messageId, reply }));
  }
}
