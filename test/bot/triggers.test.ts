import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_TRIGGER_POLICY, loadTriggerPolicy, type TriggerPolicy } from '../../bot/policy';
import { afterAnswer, beforeAnswer, onFeedback, type TriggerContext } from '../../bot/triggers';
import type { PastMessage } from '../../domain/conversation';

let id = 0;
const customer = (text: string): PastMessage => ({ id: `m${(id += 1)}`, from: 'customer', text, kind: null });
const bot = (kind: PastMessage['kind'] = 'answer', text = '…'): PastMessage => ({ id: `m${(id += 1)}`, from: 'bot', text, kind });
const context = (history: PastMessage[] = [], overrides: Partial<TriggerContext> = {}): TriggerContext => ({
  policy: DEFAULT_TRIGGER_POLICY,
  history,
  unhelpful: new Set(),
  vip: false,
  ...overrides,
});
const withPolicy = (change: (policy: TriggerPolicy) => TriggerPolicy) => change(structuredClone(DEFAULT_TRIGGER_POLICY));

describe('the keyword trigger', () => {
  it.each([['转人工'], ['人工客服'], ['聯繫人工'], ['人工服務'], ['我要人工'], ['ｈｕｍａｎ ａｇｅｎｔ'], ['real person please'], ['talk to someone'], ['我要 human agent 😡']])(
    'hands "%s" over at once',
    (text) => {
      expect(beforeAnswer(context(), { text })).toMatchObject({ action: 'escalate', trigger: 'keyword' });
    },
  );

  it.each([['有人吗'], ['is anybody there?']])('offers a person for the softer "%s"', (text) => {
    expect(beforeAnswer(context(), { text })).toMatchObject({ action: 'offer' });
  });

  it.each([['不要转人工'], ["I don't need a human agent"]])('does not fire on the negation "%s"', (text) => {
    expect(beforeAnswer(context(), { text })).toEqual({ action: 'continue' });
  });

  it('escalates when the customer accepts the offer, and carries on when they decline', () => {
    const offered = [customer('有人吗'), bot('handoff_offer', '需要为您转接人工客服吗？')];
    expect(beforeAnswer(context(offered), { text: '好的' })).toMatchObject({ action: 'escalate', trigger: 'keyword' });
    expect(beforeAnswer(context(offered), { text: 'YES!' })).toMatchObject({ action: 'escalate' });
    expect(beforeAnswer(context(offered), { text: '不用了' })).toEqual({ action: 'decline_offer' });
  });

  it("uses a company's own keywords in the mode it chose, and can be switched to offering", () => {
    const policy = withPolicy((p) => ({
      ...p,
      humanRequest: { ...p.humanRequest, explicitMode: 'offer', keywordSets: [{ language: 'zh', mode: 'direct', keywords: ['找小二'] }] },
    }));
    expect(beforeAnswer(context([], { policy }), { text: '找小二！' })).toMatchObject({ action: 'escalate', evidence: '找小二' });
    expect(beforeAnswer(context([], { policy }), { text: '别找小二' })).toEqual({ action: 'continue' });
    expect(beforeAnswer(context([], { policy }), { text: '转人工' })).toMatchObject({ action: 'offer' });
  });
});

describe('the situational triggers', () => {
  it('hands a legal threat, fraud or a refund dispute over at once, with a higher priority', () => {
    expect(beforeAnswer(context(), { text: '再不处理我就去法院起诉你们' })).toMatchObject({ action: 'escalate', trigger: 'question_type', priority: 3 });
    expect(beforeAnswer(context(), { text: 'there is an unauthorized charge on my card' })).toMatchObject({ trigger: 'question_type', evidence: expect.stringContaining('fraud') });
    expect(beforeAnswer(context(), { text: '商家拒绝退款，我要申请纠纷处理' })).toMatchObject({ evidence: expect.stringContaining('refund_dispute') });
    expect(beforeAnswer(context(), { text: '我的账号被盗了' })).toMatchObject({ evidence: expect.stringContaining('account_security') });
  });

  it('hands strong anger over at once', () => {
    expect(beforeAnswer(context(), { text: '垃圾！！骗子！！气死我了！！' })).toMatchObject({ action: 'escalate', trigger: 'negative_emotion' });
  });

  it('hands over a mood that worsens turn after turn', () => {
    const history = [customer('谢谢，很好'), bot(), customer('有点慢'), bot()];
    expect(beforeAnswer(context(history), { text: '太差了，非常失望' })).toMatchObject({ trigger: 'negative_emotion', evidence: expect.stringContaining('worsening') });
  });

  it('hands over repeated dissatisfaction, thumbs-down included', () => {
    // 怎么退货 is a neutral question, so neutral → 答非所问 → 还是没用 is also a worsening mood; switched off here to see this trigger alone.
    const calm = withPolicy((p) => ({ ...p, negativeEmotion: { ...p.negativeEmotion, enabled: false } }));
    expect(beforeAnswer(context([customer('怎么退货'), bot()]), { text: '没用' })).toEqual({ action: 'continue' });
    expect(beforeAnswer(context([customer('怎么退货'), bot(), customer('答非所问'), bot()], { policy: calm }), { text: '還是沒用' })).toMatchObject({
      trigger: 'repeated_dissatisfaction',
    });
    const answer = bot();
    expect(onFeedback(context([customer('how do I return this'), answer], { unhelpful: new Set([answer.id]) }))).toEqual({ action: 'continue' });
    const second = bot();
    const history = [customer('how do I return this'), answer, customer('not helpful'), second];
    expect(onFeedback(context(history, { unhelpful: new Set([second.id]) }))).toMatchObject({ trigger: 'repeated_dissatisfaction' });
  });

  it('hands over after fallbacks in a row', () => {
    expect(afterAnswer(context([customer('x'), bot('answer')]), 'fallback')).toEqual({ action: 'continue' });
    expect(afterAnswer(context([customer('x'), bot('fallback'), customer('y')]), 'fallback')).toMatchObject({ trigger: 'bot_fallbacks' });
    expect(afterAnswer(context([customer('x'), bot('fallback')]), 'answer')).toEqual({ action: 'continue' });
  });

  it('hands over after many turns without resolution', () => {
    const history = Array.from({ length: 7 }, (_, i) => [customer(`question ${i}`), bot()]).flat();
    expect(beforeAnswer(context(history), { text: 'another question' })).toMatchObject({ trigger: 'turns_without_resolution', evidence: '8 turns without resolution' });
  });

  it('lets a VIP reach a person sooner', () => {
    const history = Array.from({ length: 3 }, (_, i) => [customer(`question ${i}`), bot()]).flat();
    expect(beforeAnswer(context(history), { text: 'another question' })).toEqual({ action: 'continue' });
    expect(beforeAnswer(context(history, { vip: true }), { text: 'another question' })).toMatchObject({ trigger: 'turns_without_resolution' });
    expect(afterAnswer(context([customer('x')], { vip: true }), 'fallback')).toMatchObject({ trigger: 'bot_fallbacks' });
  });

  it('switches each trigger off', () => {
    const off = withPolicy((p) => ({
      ...p,
      questionType: { ...p.questionType, enabled: false },
      negativeEmotion: { ...p.negativeEmotion, enabled: false },
      botFallbacks: { ...p.botFallbacks, enabled: false },
      humanRequest: { ...p.humanRequest, enabled: false },
    }));
    expect(beforeAnswer(context([], { policy: off }), { text: '我要去法院起诉你们，垃圾！！骗子！！' })).toEqual({ action: 'continue' });
    expect(beforeAnswer(context([], { policy: off }), { text: '转人工' })).toEqual({ action: 'continue' });
    expect(afterAnswer(context([bot('fallback')], { policy: off }), 'fallback')).toEqual({ action: 'continue' });
  });

  it('reads a 10,000-character message without trouble', () => {
    expect(beforeAnswer(context(), { text: '订单'.repeat(5000) })).toEqual({ action: 'continue' });
  });
});

describe('the trigger policy file', () => {
  const file = (content: unknown) => {
    const target = path.join(mkdtempSync(path.join(tmpdir(), 'baton-policy-')), 'policy.json');
    writeFileSync(target, JSON.stringify(content));
    return target;
  };

  it('changes only what it names', () => {
    const policy = loadTriggerPolicy(file({ botFallbacks: { inARow: 3 }, vip: { enabled: false } }));
    expect(policy.botFallbacks).toEqual({ enabled: true, inARow: 3 });
    expect(policy.vip.enabled).toBe(false);
    expect(policy.turnsWithoutResolution).toEqual(DEFAULT_TRIGGER_POLICY.turnsWithoutResolution);
  });

  it('refuses what it does not know, naming it', () => {
    expect(() => loadTriggerPolicy(file({ botFallbacks: { inARow: 0 } }))).toThrow(/botFallbacks.inARow/);
    expect(() => loadTriggerPolicy(file({ sentimentMagic: true }))).toThrow(/BATON_TRIGGER_POLICY_FILE/);
  });
});
