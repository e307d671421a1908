import { randomUUID } from 'node:crypto';
import type { MessageSender, StoredMessage } from '../../domain/conversation';

/** A transcript from (sender, text) pairs, one second apart, starting at `start`. */
export function transcriptOf(turns: Array<[MessageSender, string]>, start = Date.parse('2026-11-24T08:00:00Z')): StoredMessage[] {
  return turns.map(([from, text], i) => ({ id: randomUUID(), from, text, at: new Date(start + i * 1000).toISOString() }));
}

/** A long Chinese conversation about a refund that has not arrived, growing angrier. */
export function longChineseRefundConversation(rounds = 30): Array<[MessageSender, string]> {
  const turns: Array<[MessageSender, string]> = [
    ['customer', '你好，我上周退货了，退款到现在还没到账'],
    ['bot', '退货商品验收通过后1至3个工作日内退款。'],
  ];
  const follow = ['都过去五天了还是没有到账', '我问的是什么时候能到账', '你这回答没用', '到底什么时候退钱', '答非所问，太慢了'];
  for (let i = 0; i < rounds; i += 1) {
    turns.push(['customer', follow[i % follow.length]!]);
    turns.push(['bot', '抱歉，我还没理解您的问题。您可以换个说法，或选择转人工服务。']);
  }
  turns.push(['customer', '气死了！！转人工']);
  return turns;
}
