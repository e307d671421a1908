import { normalizeText } from '../../knowledge/text';

/**
 * Sentiment of one message, zh or en, from lexicons of how customers praise and complain, read
 * word by word (Chinese segmented with Intl.Segmenter, traditional folded to simplified): a
 * negation just before a word flips it (不好吃, not helpful), degree words strengthen it (太慢,
 * very slow), and after 但是 / but the second clause weighs more. `anger` (0–1) measures how heated
 * the message is, for the triggers that escalate strong anger at once.
 */
export interface Sentiment {
  label: 'negative' | 'neutral' | 'positive';
  /** −1 … 1. */
  score: number;
  anger: number;
}

const ZH_NEGATIVE = `差 很差 太差 差劲 极差 垃圾 难吃 难用 难看 难闻 不好 糟糕 失望 后悔 坑 坑人 骗 骗人 欺骗 忽悠 慢 超时 迟到 晚 凉 冷 咸 淡 油 腻 硬 少
  贵 不值 不新鲜 变质 坏 破 破损 漏 脏 臭 异味 问题 故障 卡 死机 发烫 退货 退款 投诉 差评 生气 愤怒 气死 无语 恶心 敷衍 不理 不行 不能 无法 不满意 不推荐
  不会再 别买 送错 漏送 少送 假货 山寨 劣质 粗糙 一般 凑合 勉强 麻烦 郁闷 可惜 遗憾 不爽 不舒服 费劲 烂 不如 不准 不稳定 噪音 吵 没用 答非所问 拒绝 催
  差评 太贵 傻 骂 坑爹 呵呵 无奈 白费 浪费 缩水 掉色 起球 开胶 断 碎 错 不对 不够 不足 缺点 毛病 瑕疵 不合适 不清楚 模糊 夹生 生的 馊 酸 苦 淡而无味 太难`;
const ZH_POSITIVE = `好 很好 不错 满意 喜欢 好吃 好用 好看 快 及时 准时 赞 棒 推荐 值 值得 划算 实惠 便宜 新鲜 方便 感谢 谢谢 完美 惊喜 好评 热乎 美味 香 正宗
  舒服 流畅 清晰 漂亮 精致 耐用 结实 给力 靠谱 贴心 周到 热情 专业 优秀 超赞 点赞 喜爱 开心 满分 物美价廉 性价比 五星 回购 一如既往 好喝 可口 酥脆 入味
  细心 耐心 认真 负责 稳定 大气 高端 实用 合适 喜欢 爱 好评如潮 没问题 放心 信赖 支持 惊艳 超值 划得来 值得购买 棒棒 好极了`;
const EN_NEGATIVE = `bad terrible awful horrible worst poor useless unhelpful slow late broken damaged wrong missing cold rude disappointed disappointing
  angry furious annoyed upset hate ridiculous scam fraud unacceptable waste frustrating frustrated never refund complaint complain problem issue
  fail failed failure disgusting nasty dirty expensive overpriced cheap junk garbage rubbish mess confusing lost stuck delay delayed`;
const EN_POSITIVE = `good great excellent amazing awesome perfect love like nice fast quick helpful thanks thank appreciate happy pleased satisfied
  wonderful fantastic recommend fresh delicious tasty friendly easy smooth reliable best brilliant glad lovely`;

/**
 * Complaints customers phrase as facts, matched as phrases on the normalized text (the segmenter
 * may split them): something missing or wrong, a long wait, never again, a star they would not give.
 */
const ZH_COMPLAINT_PHRASES = `没送 漏送 少送 送错 没有了 都没有 没收到 没给 不给 还没到 才到 等了 小时才 个小时 凉了 冷了 不好用 不好吃 不好喝 不新鲜 太少 太小
  有点小 偏小 很小 太大 偏大 再也不 不会再 以后不 不想给 一星 差评 假货 骗子 坑人 不厚道 亏了 亏死 醉了 呵呵 退货 退款 不值 不满意 不推荐 别买 糊弄
  踢皮球 崩溃 不能用 用不了 打不开 不好使 没反应 有问题 质量问题 不合格 发错 少了 缺了 破了 坏了 漏了 洒了 一股 味道怪 难以 失望 垃圾 上当 受骗
  不负责 不理人 没人理 没人管 不回复 态度差 态度不好 不耐烦 太差 很差 极差 非常差 不怎么样 一般般 就那样 不太好 不够 短 慢 低
  难喝 难吃 难用 难找 难受 难闻 讨厌 漏水 死机 死了 坏掉 破洞 一个洞 有个洞 不买 不喝 不吃 从来不 再不 太贵 贵了 不值得 后悔 气人`;
const EN_COMPLAINT_PHRASES = ['never again', 'not worth', 'waste of', 'never arrived', 'did not arrive', "didn't arrive", 'still waiting', 'not working', 'does not work', "doesn't work", 'stopped working', 'poor quality'];
const COMPLAINT_PHRASES = [...ZH_COMPLAINT_PHRASES.split(/\s+/).filter(Boolean), ...EN_COMPLAINT_PHRASES];
/** A rhetorical question is a complaint: 怎么没送调料啊？ 辣椒去哪了？ */
const RHETORICAL = /(怎么|为什么|为啥|凭什么|去哪|哪去|难道)[^。！!？?]*[？?]|[吗呢][？?]{1,}/u;
/** In reviews a problem weighs more than mild praise: a mixed review is usually a complaint. */
const PROBLEM_WEIGHT = 1.5;

const words = (list: string) => new Set(list.split(/\s+/).filter(Boolean));
const NEGATIVE = new Set([...words(ZH_NEGATIVE), ...words(EN_NEGATIVE)]);
const POSITIVE = new Set([...words(ZH_POSITIVE), ...words(EN_POSITIVE)]);
const NEGATORS = new Set(['不', '没', '没有', '不太', '不够', '不是', '别', '无', '未', '不怎么', '并不', '毫不', 'not', 'no', 'never', 'hardly', 'nothing']);
const INTENSIFIERS = new Set(['太', '很', '非常', '特别', '超', '超级', '极', '极其', '真', '真的', '好', '十分', '相当', '巨', '贼', '最', 'very', 'so', 'really', 'extremely', 'totally', 'absolutely', 'too']);
const CONTRAST = new Set(['但是', '但', '可是', '不过', '就是', '然而', '只是', '却', 'but', 'however', 'though', 'although']);
const ANGER = new Set(['生气', '愤怒', '气死', '投诉', '骗子', '垃圾', '滚', '恶心', '无语', '骂', '坑爹', '太差', 'angry', 'furious', 'ridiculous', 'scam', 'unacceptable', 'worst', 'hate', 'disgusting', 'wtf']);

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const LEXICON_WORDS = [...NEGATIVE, ...POSITIVE].filter((word) => word.length >= 2).sort((a, b) => b.length - a.length);

/**
 * A word's polarity; a word the segmenter made longer than any in the lexicon (挺不错, 太难吃)
 * takes the polarity of the longest lexicon word inside it, flipped by a negator before that.
 */
function polarityOf(token: string): { polarity: number; word: string; negatedInside: boolean } {
  if (NEGATIVE.has(token)) return { polarity: -1, word: token, negatedInside: false };
  if (POSITIVE.has(token)) return { polarity: 1, word: token, negatedInside: false };
  if (token.length < 3 || !/\p{Script=Han}/u.test(token)) return { polarity: 0, word: token, negatedInside: false };
  const inner = LEXICON_WORDS.find((word) => token.includes(word));
  if (!inner) return { polarity: 0, word: token, negatedInside: false };
  const lead = token.slice(0, token.indexOf(inner));
  const negatedInside = !inner.startsWith('不') && [...NEGATORS].some((negator) => lead.endsWith(negator));
  return { polarity: NEGATIVE.has(inner) ? -1 : 1, word: inner, negatedInside };
}

function wordsOf(text: string): string[] {
  const out: string[] = [];
  for (const { segment, isWordLike } of segmenter.segment(normalizeText(text))) {
    if (isWordLike) out.push(segment);
    else if (/[，。！？!?,.;；~…\n]/.test(segment)) out.push('|');
  }
  return out;
}

export function sentimentOf(text: string): Sentiment {
  const tokens = wordsOf(text);
  let score = 0;
  let weight = 1;
  let hits = 0;
  let anger = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (token === '|') continue;
    if (CONTRAST.has(token)) {
      // What follows "but" is what the customer means.
      score *= 0.5;
      weight = 2;
      continue;
    }
    if (ANGER.has(token)) anger += 1;
    const { polarity, word, negatedInside } = polarityOf(token);
    if (polarity === 0) continue;
    const before = [tokens[i - 1], tokens[i - 2]].filter((w): w is string => w !== undefined && w !== '|');
    const negated = negatedInside || (before.some((w) => NEGATORS.has(w)) && !word.startsWith('不'));
    const strong = before.some((word) => INTENSIFIERS.has(word));
    const signed = negated ? -polarity : polarity;
    score += signed * (strong ? 1.5 : 1) * weight * (signed < 0 ? PROBLEM_WEIGHT : 1);
    hits += 1;
  }
  const normalized = normalizeText(text).toLowerCase();
  const phrases = COMPLAINT_PHRASES.filter((phrase) => normalized.includes(phrase)).length;
  const rhetorical = RHETORICAL.test(normalized) ? 1 : 0;
  score -= (phrases + rhetorical) * PROBLEM_WEIGHT;
  hits += phrases + rhetorical;
  const exclamations = (text.match(/[!！]/g) ?? []).length;
  const normalizedScore = hits === 0 ? 0 : Math.max(-1, Math.min(1, score / Math.max(2, hits)));
  const label = normalizedScore < 0 ? 'negative' : normalizedScore > 0 ? 'positive' : 'neutral';
  const heat = label === 'negative' ? Math.min(1, anger * 0.35 + Math.min(3, exclamations) * 0.1 + (normalizedScore <= -0.75 ? 0.2 : 0)) : 0;
  return { label, score: Number(normalizedScore.toFixed(2)), anger: Number(heat.toFixed(2)) };
}
