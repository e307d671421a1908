import { normalizeText } from '../../knowledge/text';
import { complaintCuesIn } from './complaint-cues';
import { reviewLogOdds } from './review-model';
import {
  ANGER, CONCESSIVE, CONTRAST, EN_NEGATIVE, EN_POSITIVE, INTENSIFIERS, NEGATION_BRIDGE, NEGATORS, SARCASM_PRONE, STRONG_NEGATIVE, ZH_NEGATIVE,
  ZH_POSITIVE,
} from './sentiment-lexicon';

/**
 * Sentiment of one message, zh or en. Words from the lexicons (sentiment-lexicon.ts), read word by
 * word (Chinese segmented with Intl.Segmenter, traditional folded to simplified): a negation just
 * before a word flips it (不好吃, "not bad"), also across a degree word (不是很好, "not very good"),
 * degree words strengthen it (太慢, "very slow"), after 但是 / "but" the clause weighs more and
 * after 虽然 / "although" it weighs less. Complaints made without a negative word — a wait, a
 * thing that never came, being charged twice, sarcasm — are cues (complaint-cues.ts); where there
 * is one, the praise beside it ("great, another hour on hold") does not count. A Chinese opinion
 * is weighed again by a model learned from reviews (review-model.ts). `anger` (0–1)
 * measures how heated the message is, for the triggers that escalate strong anger at once.
 */
export interface Sentiment {
  label: 'negative' | 'neutral' | 'positive';
  /** −1 … 1. */
  score: number;
  anger: number;
}

/**
 * How far the review model (review-model.ts) may move a Chinese opinion the rules read: at most
 * half the scale, so it settles the doubtful ones (a weak or mixed reading) and never overturns a
 * clear one. Where the rules found no opinion, see SILENT_RULES_MODEL_WEIGHT.
 */
const REVIEW_MODEL_WEIGHT = 0.5;

/** Where the rules found nothing, the model speaks more softly still, and only to an opinion. */
const SILENT_RULES_MODEL_WEIGHT = 0.25;

/**
 * The shape of a Chinese opinion the lexicon may not know: a degree word or a negation before a
 * word (很香, 太淡, 不刺眼, 没煮透). A question or a request (退货地址发我一下, 可以寄到台湾吗) is
 * not one, however its words lean in reviews.
 */
const OPINION_SHAPE = /(很|太|真|超|挺|特别|非常|有点|有些|比较|相当|十分|蛮|极|最|更|不|没)\p{Script=Han}/u;
const ASKING = /[?？吗嘛么]|怎么|怎样|如何|什么|多少|哪|几|能否|是否|有没有|请|麻烦|帮我|帮忙|我想|我要|想要|需要|给我|你好|您好|谢谢|人工|客服|单号|\d{5,}/u;

/** The review model's part in a Chinese reading: see REVIEW_MODEL_WEIGHT. */
function learnedReading(text: string, prepared: string, hits: number, cues: ReturnType<typeof complaintCuesIn>): number {
  if (!/\p{Script=Han}/u.test(prepared)) return 0;
  // A problem put right (少发了一个，商家当天就补发了) reads as a problem to a bag of words.
  if (cues.some((cue) => cue.kind === 'remedy')) return 0;
  if (hits > 0) return REVIEW_MODEL_WEIGHT * Math.tanh(reviewLogOdds(text) / 4);
  if (!OPINION_SHAPE.test(prepared) || ASKING.test(prepared)) return 0;
  return SILENT_RULES_MODEL_WEIGHT * Math.tanh(reviewLogOdds(text) / 4);
}

/** A problem weighs more than mild praise: a mixed review is usually a complaint. */
const PROBLEM_WEIGHT = 1.5;

const NEGATIVE = new Set([...ZH_NEGATIVE, ...EN_NEGATIVE, ...STRONG_NEGATIVE]);
const STRONG = new Set(STRONG_NEGATIVE);
const POSITIVE = new Set([...ZH_POSITIVE, ...EN_POSITIVE]);
const NEGATOR = new Set(NEGATORS);
const BRIDGE = new Set(NEGATION_BRIDGE);
const INTENSIFIER = new Set(INTENSIFIERS);
const CONTRASTING = new Set(CONTRAST);
const CONCEDING = new Set(CONCESSIVE);
const ANGRY = new Set(ANGER);
const SARCASTIC = new Set(SARCASM_PRONE);
const LEXICON_WORDS = [...NEGATIVE, ...POSITIVE, ...NEGATOR].filter((word) => word.length >= 2 && /\p{Script=Han}/u.test(word)).sort((a, b) => b.length - a.length);
const NEGATIVE_EMOJI = /[😡😠🤬😤😒🙄😞😔😢😭👎💔😩😫🤦😣😖😑😓]/gu;
const POSITIVE_EMOJI = /[😊😀😃😄😁😍🥰❤♥👍👏🎉😘🤗💯🙌]/gu;

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

const SPELLED_OUT: Record<string, string> = {
  dont: 'do not', doesnt: 'does not', didnt: 'did not', isnt: 'is not', arent: 'are not', wasnt: 'was not', werent: 'were not',
  havent: 'have not', hasnt: 'has not', hadnt: 'had not', wouldnt: 'would not', couldnt: 'could not', shouldnt: 'should not',
  cant: 'can not', cannot: 'can not', wont: 'will not', aint: 'is not',
};

/** One form for reading: normalized, @handles and links gone, hashtags as words, "n't" spelled out, 能不能 as 能否. */
function prepare(text: string): string {
  return normalizeText(text)
    .replace(/https?:\/\/\S+|www\.\S+/g, ' ')
    .replace(/@\w+/g, ' ')
    .replace(/#(\w)/g, '$1')
    // A desk's name, not a loss.
    .replace(/\blost (and|&) found\b|\blost property\b/g, 'lostandfound')
    // The circumstance, not the complaint: "kept us posted during the delay", "despite the weather".
    .replace(/\b(during|despite|in spite of|throughout|through) the (delay|delays|wait|storm|weather|cancellation|disruption|mess|chaos|strike)\b/g, 'meanwhile')
    // Rubbish taken out, not rubbish sold: 把垃圾带走, 垃圾袋.
    .replace(/(把|扔|带走|清理|收拾|倒)垃圾|垃圾(袋|桶|分类|带走|清理|收拾|站|车)/gu, '废弃物')
    .replace(/[’`]/g, "'")
    .replace(/\bcan't\b/g, 'can not')
    .replace(/\bwon't\b/g, 'will not')
    .replace(/n't\b/g, ' not')
    .replace(/\b[a-z]+\b/g, (word) => (Object.hasOwn(SPELLED_OUT, word) ? SPELLED_OUT[word]! : word))
    .replace(/([能可要是会行])不\1/gu, '$1否')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Runs of single Han characters the segmenter left alone (退|货) are re-read against the lexicon, longest first. */
function lexiconSplit(run: string): string[] {
  const out: string[] = [];
  for (let at = 0; at < run.length; ) {
    const word = LEXICON_WORDS.find((candidate) => run.startsWith(candidate, at));
    out.push(word ?? run[at]!);
    at += word ? word.length : 1;
  }
  return out;
}

interface Word {
  text: string;
  /** Where it starts in the prepared text. */
  at: number;
}

function wordsOf(prepared: string): Word[] {
  const out: Word[] = [];
  let singles = '';
  let singlesAt = 0;
  const flush = () => {
    let at = singlesAt;
    for (const text of lexiconSplit(singles)) {
      out.push({ text, at });
      at += text.length;
    }
    singles = '';
  };
  for (const { segment, index, isWordLike } of segmenter.segment(prepared)) {
    if (isWordLike && segment.length === 1 && /\p{Script=Han}/u.test(segment)) {
      if (singles === '') singlesAt = index;
      singles += segment;
      continue;
    }
    flush();
    if (isWordLike) out.push({ text: segment, at: index });
    else if (/[，。！？!?,.;；~…\n]/.test(segment)) out.push({ text: '|', at: index });
  }
  flush();
  return out;
}

/**
 * A word's polarity; a word the segmenter made longer than any in the lexicon (挺不错, 太难吃)
 * takes the polarity of the longest lexicon word inside it, flipped by a negator before that.
 */
function polarityOf(token: string): { polarity: number; word: string; negatedInside: boolean } {
  if (NEGATIVE.has(token)) return { polarity: -1, word: token, negatedInside: false };
  if (POSITIVE.has(token)) return { polarity: 1, word: token, negatedInside: false };
  // 塌了, 酸的: a one-character word with its particle.
  const bare = /^(\p{Script=Han})[了的掉啦着]$/u.exec(token)?.[1];
  if (bare && NEGATIVE.has(bare)) return { polarity: -1, word: bare, negatedInside: false };
  if (bare && POSITIVE.has(bare)) return { polarity: 1, word: bare, negatedInside: false };
  if (token.length < 3 || !/\p{Script=Han}/u.test(token)) return { polarity: 0, word: token, negatedInside: false };
  const inner = LEXICON_WORDS.find((word) => token.includes(word) && !NEGATOR.has(word));
  if (!inner) return { polarity: 0, word: token, negatedInside: false };
  const lead = token.slice(0, token.indexOf(inner));
  const negatedInside = !inner.startsWith('不') && NEGATORS.some((negator) => lead.endsWith(negator));
  return { polarity: NEGATIVE.has(inner) ? -1 : 1, word: inner, negatedInside };
}

/** A negator just before, or before a degree word or two: 不好, 不是很好, "not at all happy". */
function negatedBefore(tokens: string[], i: number): boolean {
  for (let k = 1; k <= 3; k += 1) {
    const before = tokens[i - k];
    if (before === undefined || before === '|') return false;
    if (NEGATOR.has(before)) return true;
    if (!BRIDGE.has(before) && !INTENSIFIER.has(before)) return false;
  }
  return false;
}

/** 一般 is "so-so" where its clause ends (味道一般, 一般吧) and "usually" before more words (一般几天到). */
const meansUsually = (next: string | undefined) => next !== undefined && next !== '|' && !/^[般吧了啊的呢哦啦呀]/.test(next);

/** Denied after it: 一个气泡都没有, 破损也没有. */
function negatedAfter(tokens: string[], i: number): boolean {
  const next = tokens.slice(i + 1, i + 4).join('');
  return /^(的)?(都|也)(没有|没|不)/.test(next);
}

// 不但 ("not only") is not a turn.
const CONTRAST_AT = new RegExp(`(${CONTRAST.map((word) => (/^[a-z]+$/.test(word) ? `\\b${word}\\b` : word === '但' ? '(?<!不)但' : word)).join('|')})`, 'g');
const CONCESSION_AT = new RegExp(`(${CONCESSIVE.map((word) => (/^[a-z]+$/.test(word) ? `\\b${word}\\b` : word)).join('|')})`);

function lastContrastAt(prepared: string): number {
  let at = -1;
  for (const found of prepared.matchAll(CONTRAST_AT)) at = found.index;
  return at;
}

function firstConcessionAt(prepared: string): number {
  return CONCESSION_AT.exec(prepared)?.index ?? -1;
}

export function sentimentOf(text: string): Sentiment {
  const prepared = prepare(text);
  const words = wordsOf(prepared);
  const tokens = words.map((word) => word.text);
  const cues = complaintCuesIn(prepared);
  // "you used to be so reliable", "told us to calm down": praise inside a complaint is the complaint's.
  const complaintSpans = cues.filter((cue) => cue.kind === 'complaint' || cue.kind === 'sarcasm').map((cue) => [cue.at, cue.at + cue.evidence.length] as const);
  const insideComplaint = (at: number) => complaintSpans.some(([from, to]) => at >= from && at < to);
  const complaining = cues.some((cue) => cue.kind === 'complaint' || cue.kind === 'sarcasm');
  let score = 0;
  let weight = 1;
  let hits = 0;
  let anger = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (token === '|') {
      // A concession lasts to the end of its clause.
      if (weight < 1) weight = 1;
      continue;
    }
    if (CONTRASTING.has(token)) {
      // What follows "but" is what the customer means.
      score *= 0.5;
      weight = 2;
      continue;
    }
    if (CONCEDING.has(token)) {
      weight = 0.5;
      continue;
    }
    if (ANGRY.has(token)) anger += 1;
    const { polarity, word, negatedInside } = polarityOf(token);
    if (polarity === 0 || (word === '一般' && meansUsually(tokens[i + 1]))) continue;
    const negated = negatedInside || ((negatedBefore(tokens, i) || negatedAfter(tokens, i)) && !word.startsWith('不'));
    const signed = negated ? -polarity : polarity;
    // "great, another hour on hold": praise beside a complaint is not praise.
    if (signed > 0 && complaining && (SARCASTIC.has(word) || insideComplaint(words[i]!.at))) continue;
    const strong = [tokens[i - 1], tokens[i - 2]].some((before) => before !== undefined && INTENSIFIER.has(before));
    const magnitude = signed < 0 ? PROBLEM_WEIGHT * (STRONG.has(word) && !negated ? 2 : 1) : 1;
    score += signed * (strong ? 1.5 : 1) * weight * magnitude;
    hits += 1;
  }
  // A cue before "but" or inside "although …" counts half, like the words there.
  const turn = lastContrastAt(prepared);
  const concession = firstConcessionAt(prepared);
  for (const cue of cues) {
    const conceded = (turn >= 0 && cue.at < turn) || (concession >= 0 && cue.at > concession && (turn < 0 || cue.at < turn));
    const size = cue.kind === 'remedy' ? 2 * PROBLEM_WEIGHT : cue.kind === 'praise' ? 1 : cue.kind === 'mild' ? -0.75 : -PROBLEM_WEIGHT;
    score += size * (conceded ? 0.5 : 1);
    hits += 1;
  }
  const negativeEmoji = Math.min(2, (text.match(NEGATIVE_EMOJI) ?? []).length);
  const positiveEmoji = complaining ? 0 : Math.min(2, (text.match(POSITIVE_EMOJI) ?? []).length);
  score += positiveEmoji - negativeEmoji;
  hits += positiveEmoji + negativeEmoji;
  const exclamations = (text.match(/[!！]/g) ?? []).length;
  const ruled = hits === 0 ? 0 : score / Math.max(2, hits);
  const normalizedScore = Math.max(-1, Math.min(1, ruled + learnedReading(text, prepared, hits, cues)));
  const label = normalizedScore < 0 ? 'negative' : normalizedScore > 0 ? 'positive' : 'neutral';
  const heat = label === 'negative' ? Math.min(1, anger * 0.35 + Math.min(3, exclamations) * 0.1 + (normalizedScore <= -0.75 ? 0.2 : 0)) : 0;
  return { label, score: Number(normalizedScore.toFixed(2)), anger: Number(heat.toFixed(2)) };
}
