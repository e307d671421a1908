import { classify, sentimentOf } from '../../brief/classify';
import { sentimentOf as triggerSentiment } from '../../bot/signals/sentiment';
import { longChineseRefundConversation, transcriptOf } from '../support/transcripts';

describe('classifying a conversation for the brief', () => {
  it('finds the refund problem and the worsening mood in a long Chinese conversation', () => {
    const result = classify(transcriptOf(longChineseRefundConversation()), { vip: false });
    expect(result.category).toBe('returns_refunds');
    expect(result.intent).toBe('refund_status');
    expect(result.sentiment.overall).toBe('negative');
    expect(result.sentiment.trend).toBe('worsening');
    expect(result.tags).toEqual(expect.arrayContaining(['returns_refunds', 'refund_status', 'negative_sentiment']));
  });

  it('reads traditional characters like simplified ones', () => {
    const result = classify(transcriptOf([['customer', '我的包裹還沒到貨，物流一直沒更新']]), { vip: false });
    expect(result).toMatchObject({ category: 'shipping', intent: 'delivery_delay' });
  });

  it('puts a complaint or legal threat above its subject, with a higher priority for VIPs', () => {
    const result = classify(transcriptOf([['customer', 'I was charged twice and nobody helps, I will call my lawyer']]), { vip: true });
    expect(result.category).toBe('complaint');
    expect(result.priority).toBeGreaterThanOrEqual(3);
    expect(result.tags).toContain('vip');
  });

  it('lets a specific subject win over the generic word "order"', () => {
    expect(classify(transcriptOf([['customer', '我的订单还没到']]), { vip: false })).toMatchObject({ category: 'shipping', intent: 'delivery_delay' });
  });

  it('calls a question with no known subject general', () => {
    expect(classify(transcriptOf([['customer', 'hello there']]), { vip: false })).toMatchObject({ category: 'general', intent: 'general_inquiry', priority: 0 });
  });

  it('scores sentiment in both languages', () => {
    expect(sentimentOf('太差了，气死了！')).toBeLessThan(-0.25);
    expect(sentimentOf('This is useless and I am angry')).toBeLessThan(-0.25);
    expect(sentimentOf('谢谢，很满意')).toBeGreaterThan(0.25);
    expect(sentimentOf('where is my parcel')).toBe(0);
  });
});

describe('one reading of a customer’s mood', () => {
  it('scores each turn in the brief as the triggers read it, so the agent sees what escalated', () => {
    const texts = ['汤很咸，米饭夹生，菜也凉透了', 'been on hold for 45 minutes', '好的谢谢'];
    const transcript = texts.map((text, i) => ({ id: `m${i}`, from: 'customer' as const, text, at: '' }));
    const { sentiment } = classify(transcript, { vip: false });
    expect(sentiment.turns.map((turn) => turn.score)).toEqual(texts.map((text) => triggerSentiment(text).score));
    expect(sentiment.turns[0]!.score).toBeLessThan(0);
  });
});
