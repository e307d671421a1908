import { normalizeText } from '../../knowledge/text';

/**
 * Problems a bot should not try to settle: a business or refund dispute, a complaint, a legal
 * threat, account security or fraud. Recognised from zh and en wording (traditional folded).
 */
export const QUESTION_TYPES = ['legal_threat', 'fraud', 'account_security', 'refund_dispute', 'business_dispute', 'complaint'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

const RULES: Array<{ type: QuestionType; all?: string[][]; any: string[] }> = [
  { type: 'legal_threat', any: ['律师', '起诉', '法院', '告你们', '12315', '消协', '消费者协会', '工商局', '曝光你们', 'lawyer', 'sue you', 'sue your', 'court', 'legal action', 'attorney', 'small claims'] },
  { type: 'account_security', any: ['盗号', '被盗号', '账号被盗', '异常登录', '被人登录', '验证码泄露', 'hacked', 'compromised', 'suspicious login', 'someone logged into', 'account was taken'] },
  { type: 'fraud', any: ['诈骗', '盗刷', '被盗', '冒用', '不是我本人', '不是我买的', '陌生订单', 'fraud', 'unauthorized', 'unauthorised', 'stolen card', 'did not make this purchase', "didn't make this purchase", 'scammed'] },
  {
    type: 'refund_dispute',
    all: [['退款', '退钱', 'refund', 'money back']],
    any: ['拒绝', '不给退', '不退', '不同意', '纠纷', '争议', '扣款', '拒退', 'refused', 'denied', 'dispute', 'chargeback', 'won\'t refund', 'will not refund', 'rejected'],
  },
  { type: 'business_dispute', any: ['纠纷', '索赔', '赔偿', '违约', '合同', '仲裁', 'compensation', 'breach', 'contract', 'arbitration', 'dispute'] },
  { type: 'complaint', any: ['投诉', '我要投诉', '差评', 'complaint', 'file a complaint', 'complain'] },
];

export function questionTypeOf(text: string): { type: QuestionType; evidence: string } | null {
  const normalized = normalizeText(text);
  for (const rule of RULES) {
    if (rule.all && !rule.all.every((group) => group.some((word) => normalized.includes(word)))) continue;
    const hit = rule.any.find((word) => normalized.includes(word));
    if (hit) return { type: rule.type, evidence: hit };
  }
  return null;
}
