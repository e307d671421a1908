import type { InlineKeyboardMarkup } from '@grammyjs/types';
import type { QuickReply } from '../../domain/conversation';

/**
 * Quick replies as an inline keyboard under the message. A tap comes back as a callback query
 * whose data says which of which message's quick replies it was: `q:<message id, 32 hex>:<index>`,
 * 37 bytes at most against Telegram's 64. The channel looks the quick reply up by that pair, so the
 * data carries no label or action a customer could forge.
 */

/** Keeps an index to two digits; Telegram takes no keyboard of much more than 100 buttons anyway. */
export const MAX_QUICK_REPLIES = 100;
/** Telegram documents no limit on a button's text; clients ellipsize what does not fit a row, so 64 is generous and safe. */
export const BUTTON_LABEL_LIMIT = 64;

const UUID = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/;
/** Exactly what `encodeQuickReplyTap` writes, and only that: lower-case hex, an index without leading zeros. */
const TAP = /^q:([0-9a-f]{32}):(0|[1-9][0-9]?)$/;

export interface QuickReplyTap {
  /** Baton's message id, in uuid form. */
  messageId: string;
  index: number;
}

/** The callback data of the `index`th quick reply of Baton message `messageId` (a uuid). */
export function encodeQuickReplyTap(messageId: string, index: number): string {
  const id = UUID.exec(messageId.toLowerCase());
  if (!id) throw new RangeError(`a quick reply belongs to a message with a uuid id, not ${JSON.stringify(messageId)}`);
  if (!Number.isInteger(index) || index < 0 || index >= MAX_QUICK_REPLIES) throw new RangeError(`a quick reply index is 0–${MAX_QUICK_REPLIES - 1}, not ${index}`);
  return `q:${id.slice(1).join('')}:${index}`;
}

/** Which quick reply a tap's callback data names; null for anything `encodeQuickReplyTap` did not write. */
export function decodeQuickReplyTap(data: string): QuickReplyTap | null {
  const tap = TAP.exec(data);
  if (!tap) return null;
  const [, hex = '', index = ''] = tap;
  const messageId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { messageId, index: Number(index) };
}

/** One button per row, in order, each label cut to fit; a blank label shows the text it sends, or its number. */
export function inlineKeyboard(messageId: string, quickReplies: readonly QuickReply[]): InlineKeyboardMarkup {
  return {
    inline_keyboard: quickReplies.map((reply, index) => {
      const label = reply.label.trim() || reply.text?.trim() || String(index + 1);
      return [{ text: cutToFit(label, BUTTON_LABEL_LIMIT), callback_data: encodeQuickReplyTap(messageId, index) }];
    }),
  };
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * `text` in at most `limit` UTF-16 units (what Telegram counts), cut after a whole character
 * (an emoji with its modifiers stays whole) and ended with "…" when anything was cut.
 */
export function cutToFit(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let kept = '';
  for (const { segment } of graphemes.segment(text)) {
    if (kept.length + segment.length > limit - 1) break;
    kept += segment;
  }
  // A single character longer than the limit (a tower of combining marks): keep whole code points.
  if (kept === '') for (const codePoint of text) {
    if (kept.length + codePoint.length > limit - 1) break;
    kept += codePoint;
  }
  return `${kept}…`;
}
