import type { Locale } from '../domain/conversation';

const HAN = /\p{Script=Han}/u;
// Characters whose traditional form differs from the simplified one and that are common in support chats.
const TRADITIONAL_ONLY = /[們這個為麼說話請轉會員帳號訂單貨運費點選擇幫務與處問題聯繫體驗關閉還錢嗎讓時間鐘位預計資購買錯誤]/u;

/** The customer's locale when they gave one; otherwise guessed from what they wrote. */
export function replyLocale(known: Locale | null, text: string | null): Locale {
  if (known) return known;
  if (!text || !HAN.test(text)) return text ? 'en' : 'zh-CN';
  return TRADITIONAL_ONLY.test(text) ? 'zh-TW' : 'zh-CN';
}
