/**
 * Recognises a customer asking for a person. A first version for the conversation spine: the
 * keywords and negation handling are deepened (configurable sets, offer/direct modes, traditional
 * characters) by the bot-side work.
 */
const HANDOFF_KEYWORDS = [
  '人工客服',
  '转人工',
  '轉人工',
  '联系人工',
  '聯繫人工',
  '人工服务',
  '人工服務',
  '我要人工',
  'humanagent',
  'realperson',
  'talktosomeone',
  'talktoahuman',
  'speaktoahuman',
  'liveagent',
] as const;

// Normalised like the text, so "don't" is "dont".
const NEGATIONS = ['不要', '不用', '不需要', '别', '別', 'dont', 'donot', 'noneed', 'notneed', 'never'];

export interface HandoffRequest {
  keyword: string;
}

/** Lowercase, NFKC (folds full-width forms), without spaces or punctuation. */
export function normalizeForMatching(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\p{P}\p{S}\p{Z}\s]+/gu, '');
}

export function detectHandoffRequest(text: string): HandoffRequest | null {
  const normalized = normalizeForMatching(text);
  for (const keyword of HANDOFF_KEYWORDS) {
    const at = normalized.indexOf(keyword);
    if (at < 0) continue;
    // A negation just before the keyword ("不要转人工", "I don't need a human agent") does not fire.
    const before = normalized.slice(Math.max(0, at - 12), at);
    const negated = NEGATIONS.some((word) => before.includes(word));
    if (!negated) return { keyword };
  }
  return null;
}
