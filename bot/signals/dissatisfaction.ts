import { normalizeText } from '../../knowledge/text';

/** The customer telling the bot its answer did not help: 没用, 答非所问, "not helpful". */
const PHRASES = [
  '没用', '答非所问', '不是我要的', '不是我问的', '没解决', '没有解决', '看不懂', '不明白你', '什么破', '没帮助', '没有帮助', '废话', '听不懂',
  '你不懂', '说了等于没说', '牛头不对马嘴', '不是这个意思', '没回答', '不对题',
  'not helpful', 'unhelpful', 'useless', "doesn't help", 'does not help', "didn't help", 'did not help', 'not what i asked',
  "that's not it", 'that is not it', 'wrong answer', "you don't understand", 'you do not understand', 'makes no sense', 'not answering',
  'not my question', 'no help',
];
const NORMALIZED = PHRASES.map((phrase) => normalizeText(phrase));

export function dissatisfactionIn(text: string): string | null {
  const normalized = normalizeText(text).replace(/[’`]/g, "'");
  const index = NORMALIZED.findIndex((phrase) => normalized.includes(phrase));
  return index >= 0 ? PHRASES[index]! : null;
}
