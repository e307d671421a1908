import { sentimentOf as readSentiment } from '../bot/signals/sentiment';
import { normalizeText } from '../knowledge/text';
import type { Category, Classification, SentimentLabel } from '../domain/brief';
import type { StoredMessage } from '../domain/conversation';

/**
 * An interim, rule-based reading of the conversation for the handoff brief: the category and
 * intent from keyword lexicons (zh and en, traditional characters folded to simplified), each
 * customer turn's sentiment as the triggers read it (one reading, measured by eval:triggers), and a
 * priority.
 */

const CATEGORY_TERMS: Record<Exclude<Category, 'general'>, string[]> = {
  shipping: ['物流', '快递', '发货', '到货', '没到', '配送', '包裹', '派送', 'shipping', 'delivery', 'deliver', 'parcel', 'package', 'tracking', 'courier', 'arrive'],
  returns_refunds: ['退货', '退款', '换货', '退钱', '到账', '售后', 'refund', 'return', 'exchange', 'money back'],
  payments: ['支付', '付款', '扣款', '扣了', '发票', '银行卡', '优惠券', 'payment', 'charged', 'charge', 'card', 'invoice', 'coupon', 'paid'],
  account: ['账号', '账户', '登录', '密码', '验证码', '注册', '盗号', 'account', 'login', 'log in', 'sign in', 'password', 'hacked'],
  // Last among the subjects: "order" is in most questions, so it wins only when nothing more specific does.
  orders: ['订单', '下单', '取消', '地址', 'order', 'cancel', 'address'],
  complaint: ['投诉', '差评', '欺骗', '骗子', '律师', '起诉', '曝光', '12315', 'complaint', 'complain', 'scam', 'lawyer', 'sue', 'fraud'],
};

const INTENTS: Array<{ category: Category; intent: string; terms: string[] }> = [
  { category: 'orders', intent: 'cancel_order', terms: ['取消', 'cancel'] },
  { category: 'orders', intent: 'change_address', terms: ['地址', 'address'] },
  { category: 'shipping', intent: 'delivery_delay', terms: ['没到', '还没', '延误', '太慢', '迟迟', 'late', 'delay', 'not arrived', "hasn't arrived", 'still waiting'] },
  { category: 'returns_refunds', intent: 'refund_status', terms: ['到账', '多久', '什么时候', 'when', 'status', 'still'] },
  { category: 'payments', intent: 'double_charge', terms: ['两次', '重复', 'twice', 'double'] },
  { category: 'payments', intent: 'invoice', terms: ['发票', 'invoice'] },
  { category: 'payments', intent: 'payment_failed', terms: ['失败', 'fail', 'declined'] },
  { category: 'account', intent: 'account_security', terms: ['盗号', '异常', 'hacked', 'fraud', 'suspicious'] },
  { category: 'account', intent: 'account_access', terms: ['登录', '密码', 'login', 'log in', 'sign in', 'password'] },
];

const DEFAULT_INTENT: Record<Category, string> = {
  orders: 'order_inquiry',
  shipping: 'track_order',
  returns_refunds: 'request_refund',
  payments: 'payment_inquiry',
  account: 'account_update',
  complaint: 'complaint',
  general: 'general_inquiry',
};

const count = (text: string, terms: string[]) => terms.reduce((hits, term) => hits + (text.includes(term) ? 1 : 0), 0);

/** A message's mood is the triggers' reading (bot/signals/sentiment.ts), so the agent sees what escalated. */
export const sentimentOf = (text: string): number => readSentiment(text).score;

const label = (score: number): SentimentLabel => (score <= -0.25 ? 'negative' : score >= 0.25 ? 'positive' : 'neutral');

export function classify(transcript: StoredMessage[], { vip }: { vip: boolean }): Classification {
  const customerTurns = transcript.filter((message) => message.from === 'customer');
  const texts = customerTurns.map((message) => normalizeText(message.text));
  const all = texts.join('\n');

  const scores = (Object.keys(CATEGORY_TERMS) as Array<Exclude<Category, 'general'>>).map((category) => ({
    category,
    hits: count(all, CATEGORY_TERMS[category]),
  }));
  const complaint = scores.find((entry) => entry.category === 'complaint')!;
  const best = scores.reduce((top, entry) => (entry.hits > top.hits ? entry : top));
  // A complaint or a legal threat outranks the subject it is about.
  const category: Category = complaint.hits > 0 ? 'complaint' : best.hits > 0 ? best.category : 'general';
  const intent = INTENTS.find((entry) => entry.category === category && count(all, entry.terms) > 0)?.intent ?? DEFAULT_INTENT[category];

  const turns = customerTurns.map((message) => ({ messageId: message.id, score: sentimentOf(message.text) }));
  const recent = turns.slice(-3);
  const score = recent.length ? recent.reduce((sum, turn) => sum + turn.score, 0) / recent.length : 0;
  // The trend compares the last three turns with everything the customer said before them.
  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
  const earlier = turns.slice(0, -3).map((turn) => turn.score);
  const delta = earlier.length > 0 ? score - mean(earlier) : 0;
  const trend = delta <= -0.2 ? 'worsening' : delta >= 0.2 ? 'improving' : 'steady';
  const overall = label(score);

  const priority = Math.min(5, (vip ? 2 : 0) + (category === 'complaint' ? 1 : 0) + (overall === 'negative' ? 1 : 0) + (intent === 'account_security' ? 2 : 0));
  const tags = [category, intent, ...(vip ? ['vip'] : []), ...(overall === 'negative' ? ['negative_sentiment'] : []), ...(trend === 'worsening' ? ['sentiment_worsening'] : [])];
  return { category, intent, priority, tags: [...new Set(tags)], sentiment: { overall, score: Number(score.toFixed(2)), trend, turns } };
}
