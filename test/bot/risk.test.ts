import { riskOf } from '../../bot/risk';
import type { PastMessage } from '../../domain/conversation';

let id = 0;
const customer = (text: string): PastMessage => ({ id: `m${(id += 1)}`, from: 'customer', text, kind: null });
const bot = (kind: PastMessage['kind']): PastMessage => ({ id: `m${(id += 1)}`, from: 'bot', text: '…', kind });

describe('the risk a bot conversation needs a person', () => {
  it('is low for a calm conversation the bot handles', () => {
    expect(riskOf([customer('how long does shipping take'), bot('answer'), customer('thanks!'), bot('answer')])).toMatchObject({ level: 'low', reasons: [] });
  });

  it('rises with a souring mood, dissatisfaction and a bot that does not understand, saying why', () => {
    const risk = riskOf([customer('退款怎么还没到'), bot('fallback'), customer('答非所问，太差了！！'), bot('fallback')]);
    expect(risk.level).toBe('high');
    expect(risk.reasons).toEqual(expect.arrayContaining(['1 dissatisfied reply', '2 answers in a row without understanding']));
    expect(risk.reasons.some((reason) => reason.startsWith('negative mood'))).toBe(true);
    expect(risk.factors).toEqual(expect.arrayContaining([{ code: 'dissatisfied_replies', value: 1 }, { code: 'fallbacks_in_a_row', value: 2 }]));
  });
});
