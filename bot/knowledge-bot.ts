import type { Queryable } from '../db/queryable';
import { listArticles } from '../knowledge/articles';
import { KnowledgeIndex } from '../knowledge/search';
import { toTraditional } from '../knowledge/text';
import type { BotEngine } from './engine';

const INDEX_CACHE_MS = 60_000;
/** BM25 scores become a 0–1 confidence: 1 − e^(−score/4); a score of 2.4 is 0.45. */
export const confidenceOf = (score: number) => 1 - Math.exp(-score / 4);

/** Baton's own bot: answers from the knowledge base by retrieval, with a confidence. */
export function createKnowledgeBot(db: Queryable): BotEngine {
  const indexes = new Map<'zh-CN' | 'en', { at: number; index: KnowledgeIndex }>();
  async function indexFor(language: 'zh-CN' | 'en') {
    const cached = indexes.get(language);
    if (cached && Date.now() - cached.at < INDEX_CACHE_MS) return cached.index;
    const index = new KnowledgeIndex(await listArticles(db, language));
    indexes.set(language, { at: Date.now(), index });
    return index;
  }
  return {
    name: 'knowledge-base',
    async answer({ text, locale }) {
      const index = await indexFor(locale === 'en' ? 'en' : 'zh-CN');
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
