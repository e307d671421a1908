import * as OpenCC from 'opencc-js';

const toSimplifiedChinese = OpenCC.Converter({ from: 't', to: 'cn' });
const toTraditionalChinese = OpenCC.Converter({ from: 'cn', to: 'tw' });

const HAN = /\p{Script=Han}/u;
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

const ENGLISH_STOP_WORDS = new Set(
  'a an and are as at be but by can do does for from has have how i if in is it its me my of on or our so that the this to was we what when where which who why will with you your'.split(' '),
);

const CHINESE_STOP_WORDS = new Set(
  '怎么 怎么办 怎么回事 回事 一直 什么 为什么 请问 你好 您好 我的 我们 你们 他们 可以 现在 还是 就是 这个 那个 已经 一下 谢谢 麻烦 帮忙 能不能 是不是 有没有 到底 一个 时候'.split(' '),
);

/** One form for matching: NFKC (full-width → half-width), lower case, simplified characters. */
export function normalizeText(text: string): string {
  return toSimplifiedChinese(text.normalize('NFKC').toLowerCase());
}

export function toTraditional(text: string): string {
  return toTraditionalChinese(text);
}

const stem = (word: string) => (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word);

/**
 * Search terms of a text in Chinese, English or both. Chinese is segmented into words by
 * `Intl.Segmenter`; runs of Han characters also yield their bigrams, so a word the segmenter
 * splits differently in the query and in the article still matches.
 */
export function tokenize(text: string): string[] {
  const terms: string[] = [];
  // Single Han characters the segmenter left alone (没|到|账) are joined into bigrams (没到, 到账).
  let singles = '';
  const flushSingles = () => {
    for (let i = 0; i + 2 <= singles.length; i += 1) terms.push(singles.slice(i, i + 2));
    singles = '';
  };
  for (const { segment, isWordLike } of segmenter.segment(normalizeText(text))) {
    const han = isWordLike && HAN.test(segment);
    if (han && segment.length === 1) {
      singles += segment;
      continue;
    }
    flushSingles();
    if (!isWordLike) continue;
    if (han) {
      if (CHINESE_STOP_WORDS.has(segment)) continue;
      terms.push(segment);
      // A long word also matches its parts: 验证码 → 验证, 证码.
      if (segment.length >= 3) for (let i = 0; i + 2 <= segment.length; i += 1) terms.push(segment.slice(i, i + 2));
    } else if (segment.length >= 2 && !ENGLISH_STOP_WORDS.has(segment)) {
      terms.push(stem(segment));
    }
  }
  flushSingles();
  return terms;
}


/** The start of a text, cut at `length` characters (never inside a surrogate pair) with an ellipsis. */
export const excerpt = (text: string, length: number) => {
  const characters = Array.from(text);
  return characters.length > length ? `${characters.slice(0, length - 1).join('')}…` : text;
};
