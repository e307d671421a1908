import { Router } from 'express';
import { getArticle } from '../db/knowledge';
import { excerpt, toTraditional } from '../knowledge/text';
import { createKnowledgeIndexCache } from '../knowledge/index-cache';
import type { KnowledgeArticle } from '../domain/knowledge';
import { requireRole } from './access';
import type { ApiContext } from './context';
import { notFound, parseOrThrow } from './errors';
import { knowledgeArticleParam, knowledgeQuery } from './schemas';

const EXCERPT = 160;

/** The knowledge base the bot answers from, searchable by agents: the brief's shared knowledge base. */
export function knowledgeRoutes({ db }: ApiContext): Router {
  const router = Router();
  const indexFor = createKnowledgeIndexCache(db);
  // zh-TW readers get the (simplified) Chinese articles in traditional characters.
  const inLocale = (article: KnowledgeArticle, locale: string) =>
    locale === 'zh-TW' ? { ...article, locale: 'zh-TW', title: toTraditional(article.title), body: toTraditional(article.body) } : article;

  router.get('/', async (req, res) => {
    requireRole(res, 'service', 'supervisor', 'agent');
    const { q, locale, limit } = parseOrThrow(knowledgeQuery, req.query, 'query');
    const ranked = (await indexFor(locale)).search(q, { limit, minScore: 0.1 });
    res.json({
      articles: ranked.map(({ article, score }) => {
        const shown = inLocale(article, locale);
        return { id: shown.id, locale: shown.locale, title: shown.title, excerpt: excerpt(shown.body, EXCERPT), tags: shown.tags, score: Number(score.toFixed(3)) };
      }),
    });
  });

  router.get('/:id', async (req, res) => {
    requireRole(res, 'service', 'supervisor', 'agent');
    const id = knowledgeArticleParam.safeParse(req.params.id);
    const article = id.success ? await getArticle(db, id.data) : null;
    if (!article) throw notFound('article');
    const { locale } = parseOrThrow(knowledgeQuery.pick({ locale: true }), req.query, 'query');
    res.json(locale === 'zh-TW' && article.locale === 'zh-CN' ? inLocale(article, 'zh-TW') : article);
  });

  return router;
}
