import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { detectHumanRequest } from '../../bot/signals/human-request';
import { sentimentOf } from '../../bot/signals/sentiment';

describe('recognising a request for a person', () => {
  it.each([
    ['转人工'],
    ['人工客服！'],
    ['我要找人工'],
    ['幫我轉接真人客服'],
    ['ＨＵＭＡＮ ＡＧＥＮＴ'],
    ['agent'],
    ['I need to talk with a real person 🙏'],
    ['could u connect me to a live representitive'],
    ['plz put me through to an operator'],
    ['help me getting in touch with a human... contacting an agent'],
    ['I would rather speak with someone from your support team'],
    ["I don't want to chat with a bot anymore"],
    ['no, I want a human'],
    ['我要 human agent 现在'],
  ])('explicitly in "%s"', (text) => {
    expect(detectHumanRequest(text)?.strength).toBe('explicit');
  });

  it.each([['有人吗？'], ['is anybody there?'], ['do you have live agents at all']])('softly in "%s"', (text) => {
    expect(detectHumanRequest(text)?.strength).toBe('soft');
  });

  it.each([
    ['不要转人工'],
    ['我不需要人工客服，谢谢'],
    ["I don't need a human agent"],
    ['no need for a representative, thanks'],
    ['what is the customer service phone number'],
    ['客服电话是多少'],
    ['your agent was rude to me yesterday'],
    ['I want to complain about an agent'],
    ['where is my order'],
    ['😀😀😀'],
  ])('not in "%s"', (text) => {
    expect(detectHumanRequest(text)).toBeNull();
  });

  it('handles a 10,000-character message', () => {
    expect(detectHumanRequest(`${'我的订单怎么还没到'.repeat(1100)}转人工`.slice(-10_000))).not.toBeNull();
  });
});

describe('reading sentiment', () => {
  it.each([
    ['太慢了，等了两个小时才到'],
    ['东西不好用，再也不买了'],
    ['包装还行，但是里面的杯子碎了'],
    ['说好的赠品呢？怎么没送？'],
    ['This is useless and I am really angry'],
    ['服務態度很差，非常失望'],
  ])('"%s" is negative', (text) => {
    expect(sentimentOf(text).label).toBe('negative');
  });

  it.each([['很好吃，送得也快'], ['质量不错，物流给力，推荐'], ['Thanks, that was really helpful!'], ['不错，下次还来']])('"%s" is positive', (text) => {
    expect(sentimentOf(text).label).toBe('positive');
  });

  it('flips a word after a negation, but not words that already carry one', () => {
    expect(sentimentOf('不好吃').label).toBe('negative');
    expect(sentimentOf('不新鲜').label).toBe('negative');
    expect(sentimentOf('挺不错').label).toBe('positive');
  });

  it('measures anger, so strong anger can escalate at once', () => {
    expect(sentimentOf('垃圾！！骗子！我要投诉！！').anger).toBeGreaterThanOrEqual(0.7);
    expect(sentimentOf('有点慢').anger).toBeLessThan(0.3);
    expect(sentimentOf('谢谢！！').anger).toBe(0);
  });
});

describe('npm run -s classify', () => {
  it('answers each JSON line in order, and says which lines it could not read', () => {
    const input = [
      JSON.stringify({ text: '转人工', lang: 'zh' }),
      'not json',
      JSON.stringify({ text: 'the parcel never arrived, this is terrible' }),
      JSON.stringify({ lang: 'en' }),
    ].join('\n');
    const run = spawnSync(process.execPath, [path.resolve(__dirname, '../../dist/bin/classify.js')], { input, encoding: 'utf8' });
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ humanRequest: true, humanRequestStrength: 'explicit', sentiment: 'neutral' });
    expect(lines[1]).toEqual({ error: 'not JSON' });
    expect(lines[2]).toMatchObject({ humanRequest: false, sentiment: 'negative', category: 'shipping' });
    expect(lines[3]).toMatchObject({ error: expect.stringContaining('text') });
  });
});
