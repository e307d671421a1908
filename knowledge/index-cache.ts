import type { Queryable } from '../db/queryable';
import type { Locale } from '../domain/conversation';
import { listArticles } from '../db/knowledge';
import { KnowledgeIndex } from './search';

/** Articles change rarely: an index per language is rebuilt at most this often per process. */
const REBUILD_AFTER_MS = 60_000;

/** The knowledge-base index for a locale's language (zh-CN articles serve zh-TW too), cached. */
export function createKnowledgeIndexCache(db: Queryable): (locale: Locale) => Promise<KnowledgeIndex> {
  const indexes = new Map<'zh-CN' | 'en', { builtAt: number; index: KnowledgeIndex }>();
  return async (locale) => {
    const language = locale === 'en' ? 'en' : 'zh-CN';
    const cached = indexes.get(language);
    if (cached && Date.now() - cached.builtAt < REBUILD_AFTER_MS) return cached.index;
    const index = new KnowledgeIndex(await listArticles(db, language));
    indexes.set(language, { builtAt: Date.now(), index });
    return index;
  };
}
