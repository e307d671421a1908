import type { Queryable } from '../db/queryable';
import { createKnowledgeIndexCache } from '../knowledge/index-cache';
import { toTraditional } from '../knowledge/text';
import type { BotEngine } from './engine';

/** BM25 scores become a 0–1 confidence: 1 − e^(−score/4); a score of 2.4 is 0.45. */
export const confidenceOf = (score: number) => 1 - Math.exp(-score / 4);

/** Baton's own bot: answers from the knowledge base by retrieval, with a confidence. */
export function createKnowledgeBot(db: Queryable): BotEngine {
  const indexFor = createKnowledgeIndexCache(db);
  return {
    name: 'knowledge-base',
    async answer({ text, locale }) {
      const index = await indexFor(locale);
      const best = index.search(text, { limit: 1, minScore: 0 })[0];
      if (!best) return { text: null, confidence: 0 };
      const body = `${best.article.title}：${best.article.body}`.replace('：', locale === 'en' ? ': ' : '：');
      return {
        text: locale === 'zh-TW' ? toTraditional(body) : body,
        confidence: Number(confidenceOf(best.score).toFixed(2)),
        articleId: best.article.id,
      };
    },
  };
}
