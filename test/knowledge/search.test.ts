import { KnowledgeIndex } from '../../knowledge/search';
import { SEED_ARTICLES } from '../../knowledge/seed-articles';
import { tokenize } from '../../knowledge/text';

const zh = new KnowledgeIndex(SEED_ARTICLES.filter((article) => article.locale === 'zh-CN'));
const en = new KnowledgeIndex(SEED_ARTICLES.filter((article) => article.locale === 'en'));

describe('the knowledge-base search', () => {
  it('segments Chinese into words and folds traditional, full-width and case', () => {
    expect(tokenize('退款多久到账')).toEqual(expect.arrayContaining(['退款', '多久']));
    expect(tokenize('退款多久到賬')).toEqual(tokenize('退款多久到账'));
    expect(tokenize('ＲＥＦＵＮＤＳ')).toEqual(['refund']);
  });

  it.each([
    ['退款什么时候到账', 'zh-refund-time'],
    ['退款什麼時候到賬', 'zh-refund-time'],
    ['快递好几天了还没到货', 'zh-parcel-delayed'],
    ['忘记密码登录不了', 'zh-account-login'],
  ])('finds the article for %s', (query, id) => {
    expect(zh.search(query)[0]?.article.id).toBe(id);
  });

  it.each([
    ['when will my refund arrive', 'en-refund-time'],
    ['I was charged twice for one order', 'en-payment-failed'],
    ['my package is late', 'en-parcel-delayed'],
  ])('finds the article for "%s"', (query, id) => {
    expect(en.search(query)[0]?.article.id).toBe(id);
  });

  it('returns at most three, and nothing for an unrelated question', () => {
    expect(zh.search('订单 物流 退款 支付 账号').length).toBeLessThanOrEqual(3);
    expect(en.search('what is the weather on mars')).toEqual([]);
  });
});
